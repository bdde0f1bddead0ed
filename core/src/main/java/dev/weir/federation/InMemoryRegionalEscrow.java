package dev.weir.federation;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link RegionalEscrow} in this process, for tests and for regions whose processes share
 * one JVM. Each operation holds one lock.
 */
public final class InMemoryRegionalEscrow implements RegionalEscrow {

	private final Map<String, long[]> entries = new HashMap<>();

	private boolean available = true;

	@Override
	public synchronized long deposit(String limiter, String key, long windowIndex, long windowEndMillis, long units) {
		if (units < 1) {
			throw new IllegalArgumentException("units must be positive: " + units);
		}
		checkAvailable();
		long[] entry = this.entries.get(limiter + '\u0000' + key);
		if (entry == null || entry[0] < windowIndex) {
			this.entries.put(limiter + '\u0000' + key, new long[] { windowIndex, windowEndMillis, units });
			return units;
		}
		if (entry[0] > windowIndex) {
			return 0;
		}
		entry[2] += units;
		return units;
	}

	@Override
	public synchronized EscrowTake take(String limiter, String key, long want) {
		if (want < 1) {
			throw new IllegalArgumentException("want must be positive: " + want);
		}
		checkAvailable();
		long[] entry = this.entries.get(limiter + '\u0000' + key);
		if (entry == null || entry[2] == 0) {
			return EscrowTake.NONE;
		}
		long taken = Math.min(want, entry[2]);
		entry[2] -= taken;
		return new EscrowTake(taken, entry[0], entry[1]);
	}

	/**
	 * Makes the store answer or fail every call.
	 * @param available whether it answers
	 */
	public synchronized void setAvailable(boolean available) {
		this.available = available;
	}

	private void checkAvailable() {
		if (!this.available) {
			throw new CoordinatorException(CoordinatorException.Kind.UNAVAILABLE, "in-memory regional escrow is down");
		}
	}

}
