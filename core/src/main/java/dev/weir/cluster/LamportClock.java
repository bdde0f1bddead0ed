package dev.weir.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A Lamport clock as serf keeps it: starts at 1; {@link #witness(long)} of a time at or past
 * the clock moves it just past that time; {@link #increment()} ticks. Thread-safe.
 */
public final class LamportClock {

	private final AtomicLong counter = new AtomicLong(1);

	/**
	 * Returns the current time.
	 * @return the time
	 */
	public long time() {
		return this.counter.get();
	}

	/**
	 * Advances the clock by one.
	 * @return the new time
	 */
	public long increment() {
		return this.counter.incrementAndGet();
	}

	/**
	 * Takes in a time seen on a message: if it is not before the clock, the clock moves to one
	 * past it.
	 * @param time the time seen
	 */
	public void witness(long time) {
		this.counter.updateAndGet((current) -> (time < current) ? current : time + 1);
	}

}
