package dev.weir.time;

/**
 * A source of time, injected wherever Weir measures it, so that tests and simulations run on
 * virtual time.
 *
 * <p>Two readings are offered because they answer different questions. Wall time places an
 * instant on the calendar: rate-limit windows are aligned to it so that every node of a cluster
 * agrees where a window starts. Monotonic time only measures elapsed intervals and never steps
 * backwards: token buckets and timeouts use it.
 */
public interface Clock {

	/**
	 * Returns the current wall time in milliseconds since the Unix epoch.
	 * @return the wall time in milliseconds
	 */
	long wallTimeMillis();

	/**
	 * Returns a monotonic time in nanoseconds, meaningful only as a difference between two
	 * readings of the same clock.
	 * @return the monotonic time in nanoseconds
	 */
	long monotonicNanos();

	/**
	 * Returns the clock of the running system.
	 * @return the system clock
	 */
	static Clock system() {
		return SystemClock.INSTANCE;
	}

}
