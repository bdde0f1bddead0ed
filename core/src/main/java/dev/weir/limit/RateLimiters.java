package dev.weir.limit;

import java.util.Objects;

import dev.weir.time.Clock;

/**
 * Creates the in-memory {@link RateLimiter}s of one process, one per {@link Algorithm}.
 */
public final class RateLimiters {

	private RateLimiters() {
	}

	/**
	 * Creates a limiter that keeps its state in this process.
	 * @param policy what to enforce
	 * @param clock the time source
	 * @return a new limiter
	 */
	public static RateLimiter local(LimitPolicy policy, Clock clock) {
		Objects.requireNonNull(policy, "policy");
		Objects.requireNonNull(clock, "clock");
		return switch (policy.algorithm()) {
			case FIXED_WINDOW -> new FixedWindowRateLimiter(policy, clock);
			case SLIDING_WINDOW -> new SlidingWindowRateLimiter(policy, clock);
			case TOKEN_BUCKET -> new TokenBucketRateLimiter(policy, clock);
		};
	}

	/**
	 * Creates a limiter that keeps its state in this process, on the system clock.
	 * @param policy what to enforce
	 * @return a new limiter
	 */
	public static RateLimiter local(LimitPolicy policy) {
		return local(policy, Clock.system());
	}

}
