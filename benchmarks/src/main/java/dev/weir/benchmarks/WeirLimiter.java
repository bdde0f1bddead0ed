package dev.weir.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.limit.RateLimiter;
import dev.weir.limit.RateLimiters;

/**
 * One Weir in-memory limiter on the system clock, as {@code RateLimiters.local} makes it for
 * the Spring filter, with every workload key already in its table.
 */
@State(Scope.Benchmark)
public class WeirLimiter {

	/**
	 * The algorithm under test.
	 */
	@Param({ "FIXED_WINDOW", "SLIDING_WINDOW", "TOKEN_BUCKET" })
	public Algorithm algorithm;

	RateLimiter limiter = RateLimiters.local(LimitPolicy.of("unset", 1, Workload.WINDOW, Algorithm.FIXED_WINDOW));

	/**
	 * Builds a fresh limiter before each iteration and gives it every key, so that the
	 * measurement sees neither key creation nor counts left by the previous iteration.
	 */
	@Setup(Level.Iteration)
	public void setUp(Workload workload) {
		this.limiter = RateLimiters.local(LimitPolicy.of("bench", workload.limit(), Workload.WINDOW, this.algorithm));
		prime(this.limiter, workload);
	}

	/**
	 * Checks that the iteration measured the path it claims to: nothing denied when admitting,
	 * nothing admitted after setup when denying.
	 */
	@TearDown(Level.Iteration)
	public void check(Workload workload) {
		check(this.limiter, workload, this.algorithm.toString());
	}

	/**
	 * Gives a fresh limiter every workload key, so that the measurement sees no key creation;
	 * for the deny workload each key spends its only permit here.
	 */
	static void prime(RateLimiter limiter, Workload workload) {
		for (String key : workload.names) {
			if (!limiter.tryAcquire(key, 1).allowed()) {
				throw new IllegalStateException("a new key was denied: " + key);
			}
		}
	}

	/**
	 * Throws if a primed limiter denied a request of the admit workload or admitted one of the
	 * deny workload.
	 */
	static void check(RateLimiter limiter, Workload workload, String what) {
		long setupAdmissions = workload.names.length;
		if (workload.admits() && limiter.deniedCount() != 0) {
			throw new IllegalStateException(what + " denied " + limiter.deniedCount() + " requests");
		}
		if (!workload.admits() && limiter.allowedCount() != setupAdmissions) {
			throw new IllegalStateException(what + " admitted " + (limiter.allowedCount() - setupAdmissions) + " requests");
		}
	}

}
