package dev.weir.limit;

/**
 * How a {@link RateLimiter} counts requests against its limit over its window.
 */
public enum Algorithm {

	/**
	 * Counts requests in windows aligned to the epoch ({@code [k·w, (k+1)·w)}); the count starts
	 * again from zero at each window boundary. Cheapest and easiest to explain, but a client may
	 * spend two limits in a short span around a boundary.
	 */
	FIXED_WINDOW,

	/**
	 * Estimates the count over the last window as the current fixed window's count plus the
	 * previous window's count weighted by the share of it that still overlaps the sliding
	 * window. Smooths out the boundary burst of {@link #FIXED_WINDOW} at the same cost.
	 */
	SLIDING_WINDOW,

	/**
	 * A token bucket of {@code limit} tokens refilled at {@code limit / window}, implemented as
	 * the generic cell rate algorithm (GCRA): one timestamp per key. Allows bursts up to the
	 * limit and then a steady rate.
	 */
	TOKEN_BUCKET

}
