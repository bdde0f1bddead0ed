package dev.weir.gossip;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.weir.gossip.wire.DropReason;

/**
 * How many received packets and streams (or parts of them) were dropped, by reason.
 * Thread-safe.
 */
public final class DropCounters {

	private final Map<DropReason, LongAdder> counts = new EnumMap<>(DropReason.class);

	DropCounters() {
		for (DropReason reason : DropReason.values()) {
			this.counts.put(reason, new LongAdder());
		}
	}

	void increment(DropReason reason) {
		this.counts.get(reason).increment();
	}

	/**
	 * Returns how many were dropped for a reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long count(DropReason reason) {
		return this.counts.get(reason).sum();
	}

	/**
	 * Returns how many were dropped for any reason.
	 * @return the total
	 */
	public long total() {
		return this.counts.values().stream().mapToLong(LongAdder::sum).sum();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("DropCounters[");
		this.counts.forEach((reason, count) -> {
			long value = count.sum();
			if (value > 0) {
				text.append(reason).append('=').append(value).append(' ');
			}
		});
		return text.append(']').toString();
	}

}
