package dev.weir.federation;

import dev.weir.time.Clock;

/**
 * A node's view of a shared clock: the same monotonic reading, a wall time off by a fixed
 * offset, as an unsynchronised node would have.
 */
record SkewedClock(Clock base, long offsetMillis) implements Clock {

	@Override
	public long wallTimeMillis() {
		return this.base.wallTimeMillis() + this.offsetMillis;
	}

	@Override
	public long monotonicNanos() {
		return this.base.monotonicNanos();
	}

}
