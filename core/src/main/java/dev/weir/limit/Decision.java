package dev.weir.limit;

import java.time.Duration;

/**
 * The answer of a {@link RateLimiter} to one request for permits: whether they were granted,
 * and what a client needs to know to pace itself.
 *
 * <p>A denial is a value, not an exception, and a denied request takes nothing from the limit.
 *
 * @param allowed whether the permits were granted
 * @param limit the limit of the policy that decided
 * @param remaining how many permits the key may still take now, after this request
 * @param resetAfterNanos how long until the key's quota is back to its full limit if no more
 * permits are taken, in nanoseconds
 * @param retryAfterNanos for a denial, the earliest time from now at which the same request
 * could be granted, in nanoseconds; zero when allowed
 */
public record Decision(boolean allowed, long limit, long remaining, long resetAfterNanos, long retryAfterNanos) {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	public Decision {
		if (remaining < 0) {
			throw new IllegalArgumentException("remaining must not be negative: " + remaining);
		}
		if (resetAfterNanos < 0) {
			throw new IllegalArgumentException("resetAfterNanos must not be negative: " + resetAfterNanos);
		}
		if (retryAfterNanos < 0 || (allowed && retryAfterNanos != 0)) {
			throw new IllegalArgumentException("retryAfterNanos must be zero when allowed and not negative: " + retryAfterNanos);
		}
	}

	/**
	 * Creates a decision that grants the permits.
	 * @param limit the policy's limit
	 * @param remaining permits left after this request
	 * @param resetAfterNanos nanoseconds until the quota is full again
	 * @return the decision
	 */
	public static Decision allowed(long limit, long remaining, long resetAfterNanos) {
		return new Decision(true, limit, remaining, resetAfterNanos, 0);
	}

	/**
	 * Creates a decision that refuses the permits.
	 * @param limit the policy's limit
	 * @param remaining permits left, fewer than were asked for
	 * @param resetAfterNanos nanoseconds until the quota is full again
	 * @param retryAfterNanos nanoseconds until the same request could be granted
	 * @return the decision
	 */
	public static Decision denied(long limit, long remaining, long resetAfterNanos, long retryAfterNanos) {
		return new Decision(false, limit, remaining, resetAfterNanos, retryAfterNanos);
	}

	/**
	 * Returns how long until the quota is full again.
	 * @return the reset delay
	 */
	public Duration resetAfter() {
		return Duration.ofNanos(this.resetAfterNanos);
	}

	/**
	 * Returns how long a denied client should wait before trying again; zero when allowed.
	 * @return the retry delay
	 */
	public Duration retryAfter() {
		return Duration.ofNanos(this.retryAfterNanos);
	}

	/**
	 * Returns the reset delay in whole seconds, rounded up, as HTTP fields carry it.
	 * @return the reset delay in seconds
	 */
	public long resetAfterSeconds() {
		return ceilSeconds(this.resetAfterNanos);
	}

	/**
	 * Returns the retry delay in whole seconds, rounded up so that a client that waits that
	 * long is never too early; at least 1 for a denial.
	 * @return the retry delay in seconds
	 */
	public long retryAfterSeconds() {
		return this.allowed ? 0 : Math.max(1, ceilSeconds(this.retryAfterNanos));
	}

	private static long ceilSeconds(long nanos) {
		return -Math.floorDiv(-nanos, NANOS_PER_SECOND);
	}

}
