package dev.weir.time;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@link Clock} that moves only when told to, for tests and simulations on virtual time.
 *
 * <p>Both readings advance together. The wall time may also be set or stepped backwards, as an
 * NTP correction would, while the monotonic reading never goes back. Safe for use from several
 * threads.
 */
public final class ManualClock implements Clock {

	private long wallTimeMillis;

	private long monotonicNanos;

	/**
	 * Creates a clock at the given wall time, with its monotonic reading at zero.
	 * @param wallTimeMillis the initial wall time in milliseconds since the epoch
	 */
	public ManualClock(long wallTimeMillis) {
		this.wallTimeMillis = wallTimeMillis;
	}

	/**
	 * Creates a clock at the epoch.
	 */
	public ManualClock() {
		this(0);
	}

	@Override
	public synchronized long wallTimeMillis() {
		return this.wallTimeMillis;
	}

	@Override
	public synchronized long monotonicNanos() {
		return this.monotonicNanos;
	}

	/**
	 * Moves both readings forward.
	 * @param duration how far to move, zero or more
	 */
	public void advance(Duration duration) {
		Objects.requireNonNull(duration, "duration");
		advanceNanos(duration.toNanos());
	}

	/**
	 * Moves both readings forward by a number of nanoseconds. The wall time moves by whole
	 * milliseconds only when enough nanoseconds have accumulated.
	 * @param nanos how far to move, zero or more
	 */
	public synchronized void advanceNanos(long nanos) {
		if (nanos < 0) {
			throw new IllegalArgumentException("nanos must not be negative: " + nanos);
		}
		long before = this.monotonicNanos;
		this.monotonicNanos += nanos;
		this.wallTimeMillis += Math.floorDiv(this.monotonicNanos, 1_000_000L) - Math.floorDiv(before, 1_000_000L);
	}

	/**
	 * Sets the wall time, forwards or backwards, leaving the monotonic reading unchanged: a
	 * clock step such as an NTP correction.
	 * @param wallTimeMillis the new wall time in milliseconds since the epoch
	 */
	public synchronized void setWallTimeMillis(long wallTimeMillis) {
		this.wallTimeMillis = wallTimeMillis;
	}

	@Override
	public synchronized String toString() {
		return "ManualClock[wallTimeMillis=" + this.wallTimeMillis + ", monotonicNanos=" + this.monotonicNanos + "]";
	}

}
