package dev.weir.limit;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link RateLimiter} enforces: at most {@code limit} permits per {@code window} for each
 * key, counted by {@code algorithm}, remembering at most {@code maxKeys} keys.
 *
 * @param name the limiter's name, shown to clients in the {@code RateLimit-Policy} field
 * @param limit how many permits one key may take per window, from 1 to
 * {@value #MAX_LIMIT}
 * @param window the window, from 1ms to {@link #MAX_WINDOW}, in whole milliseconds
 * @param algorithm how permits are counted
 * @param maxKeys how many keys the limiter remembers at most, 1 or more; see
 * {@link RateLimiter} for what happens past it
 */
public record LimitPolicy(String name, long limit, Duration window, Algorithm algorithm, int maxKeys) {

	/**
	 * The largest limit, so that a count fits the 32 bits it is packed in.
	 */
	public static final long MAX_LIMIT = Integer.MAX_VALUE;

	/**
	 * The longest window (2³² − 1 ms, about 49.7 days), so that the window arithmetic of every
	 * algorithm stays within 64 bits.
	 */
	public static final Duration MAX_WINDOW = Duration.ofMillis(0xFFFF_FFFFL);

	/**
	 * How many keys a limiter remembers unless told otherwise.
	 */
	public static final int DEFAULT_MAX_KEYS = 100_000;

	public LimitPolicy {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(window, "window");
		Objects.requireNonNull(algorithm, "algorithm");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
		}
		if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
			throw new IllegalArgumentException("window must be between 1ms and " + MAX_WINDOW + ": " + window);
		}
		if (window.toNanosPart() % 1_000_000 != 0) {
			throw new IllegalArgumentException("window must be a whole number of milliseconds: " + window);
		}
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
		}
	}

	/**
	 * Creates a policy that remembers up to {@value #DEFAULT_MAX_KEYS} keys.
	 * @param name the limiter's name
	 * @param limit permits per window
	 * @param window the window
	 * @param algorithm how permits are counted
	 * @return the policy
	 */
	public static LimitPolicy of(String name, long limit, Duration window, Algorithm algorithm) {
		return new LimitPolicy(name, limit, window, algorithm, DEFAULT_MAX_KEYS);
	}

	/**
	 * Returns a copy of this policy with another key bound.
	 * @param maxKeys how many keys to remember at most
	 * @return the new policy
	 */
	public LimitPolicy withMaxKeys(int maxKeys) {
		return new LimitPolicy(this.name, this.limit, this.window, this.algorithm, maxKeys);
	}

	long windowMillis() {
		return this.window.toMillis();
	}

}
