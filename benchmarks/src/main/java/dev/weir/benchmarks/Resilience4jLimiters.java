package dev.weir.benchmarks;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Resilience4j rate limiters, one per key, from a {@link RateLimiterRegistry} as a user of its
 * API keeps them: {@code registry.rateLimiter(key)} on every request.
 *
 * <p>A Resilience4j limiter grants {@code limitForPeriod} permits per {@code limitRefreshPeriod}
 * in fixed cycles that start when it is created; {@code timeoutDuration} of zero makes
 * {@code acquirePermission()} answer at once instead of waiting.
 */
@State(Scope.Benchmark)
public class Resilience4jLimiters {

	RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();

	/**
	 * Builds a fresh registry before each iteration with a limiter for every key; for the deny
	 * workload each limiter spends its only permit here.
	 */
	@Setup(Level.Iteration)
	public void setUp(Workload workload) {
		this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
			.limitForPeriod(workload.limit())
			.limitRefreshPeriod(Workload.WINDOW)
			.timeoutDuration(Duration.ZERO)
			.build());
		for (String key : workload.names) {
			if (!this.registry.rateLimiter(key).acquirePermission()) {
				throw new IllegalStateException("a new rate limiter refused: " + key);
			}
		}
	}

	@TearDown(Level.Iteration)
	public void check(Workload workload) {
		for (String key : workload.names) {
			int available = this.registry.rateLimiter(key).getMetrics().getAvailablePermissions();
			if (available > 0 != workload.admits()) {
				throw new IllegalStateException("rate limiter " + key + " has " + available + " permits");
			}
		}
	}

}
