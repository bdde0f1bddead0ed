package dev.weir.benchmarks.federation;

import dev.weir.time.Clock;

/**
 * One party's clock in the simulation: virtual nanoseconds since the run's origin, set by the
 * event loop. Its wall time is the origin plus an offset, as a node whose clock is off by that
 * much would read; its monotonic reading is the true virtual time.
 */
final class VirtualClock implements Clock {

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private final long originMillis;

	private final long offsetMillis;

	private long nanos;

	VirtualClock(long originMillis, long offsetMillis) {
		this.originMillis = originMillis;
		this.offsetMillis = offsetMillis;
	}

	/** Sets the virtual time, forward or (for a coordinator read out of order) backward. */
	void set(long nanos) {
		this.nanos = nanos;
	}

	long nanos() {
		return this.nanos;
	}

	@Override
	public long wallTimeMillis() {
		return this.originMillis + Math.floorDiv(this.nanos, NANOS_PER_MILLI) + this.offsetMillis;
	}

	@Override
	public long monotonicNanos() {
		return this.nanos;
	}

}
