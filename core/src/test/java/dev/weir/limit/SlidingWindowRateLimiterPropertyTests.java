package dev.weir.limit;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongPredicate;

import dev.weir.limit.RateLimiterScenario.Step;
import dev.weir.time.ManualClock;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of {@link Algorithm#SLIDING_WINDOW} over random runs of requests on virtual time.
 */
class SlidingWindowRateLimiterPropertyTests {

	@Property(tries = 300)
	void everyDecisionIsTheReferenceModels(@ForAll("scenarios") RateLimiterScenario scenario) {
		ManualClock clock = scenario.clock();
		RateLimiter limiter = RateLimiters.local(scenario.policy(Algorithm.SLIDING_WINDOW), clock);
		Model model = new Model(scenario.limit(), scenario.windowMillis());
		int index = 0;
		for (Step step : scenario.steps()) {
			clock.advanceNanos(step.advanceNanos());
			Decision expected = model.decide(step.key(), step.permits(), clock.wallTimeMillis());
			assertThat(limiter.tryAcquire(step.keyName(), step.permits())).as("step %d %s at %s", index++, step, clock)
				.isEqualTo(expected);
		}
	}

	@Property(tries = 200)
	void grantedPermitsNeverExceedTheEstimatedLimit(@ForAll("scenarios") RateLimiterScenario scenario) {
		ManualClock clock = scenario.clock();
		RateLimiter limiter = RateLimiters.local(scenario.policy(Algorithm.SLIDING_WINDOW), clock);
		long w = scenario.windowMillis();
		Map<String, Long> granted = new HashMap<>();
		for (Step step : scenario.steps()) {
			clock.advanceNanos(step.advanceNanos());
			if (limiter.tryAcquire(step.keyName(), step.permits()).allowed()) {
				long now = clock.wallTimeMillis();
				long window = Math.floorDiv(now, w);
				long current = granted.merge(step.key() + "@" + window, step.permits(), Long::sum);
				long previous = granted.getOrDefault(step.key() + "@" + (window - 1), 0L);
				long elapsed = now - window * w;
				assertThat(current).as("permits granted to %s in window %d", step.keyName(), window)
					.isLessThanOrEqualTo(scenario.limit());
				assertThat(previous * (w - elapsed) + current * w)
					.as("estimate × w for %s at %d (previous %d, current %d)", step.keyName(), now, previous, current)
					.isLessThanOrEqualTo(scenario.limit() * w);
			}
		}
	}

	@Provide
	Arbitrary<RateLimiterScenario> scenarios() {
		return RateLimiterScenario.arbitrary(8, 20, 80);
	}

	/**
	 * Counts permits per key and per aligned window of wall time, and grants a request while
	 * {@code previous × (w − elapsed) / w + current + permits ≤ limit}, compared exactly as
	 * {@code previous × (w − elapsed) + (current + permits) × w ≤ limit × w}. Time is in
	 * milliseconds.
	 */
	static final class Model extends ReferenceModel {

		private final long windowMillis;

		private final Map<Integer, Map<Long, Long>> counts = new HashMap<>();

		Model(long limit, long windowMillis) {
			super(limit);
			this.windowMillis = windowMillis;
		}

		@Override
		boolean admits(int key, long permits, long time) {
			long w = this.windowMillis;
			long window = Math.floorDiv(time, w);
			long elapsed = time - window * w;
			long previous = count(key, window - 1);
			long current = count(key, window);
			return previous * (w - elapsed) + (current + permits) * w <= this.limit * w;
		}

		@Override
		void take(int key, long permits, long time) {
			long window = Math.floorDiv(time, this.windowMillis);
			this.counts.computeIfAbsent(key, (k) -> new HashMap<>()).merge(window, permits, Long::sum);
		}

		@Override
		long earliest(LongPredicate holdsAfter) {
			return scan(holdsAfter, 2 * this.windowMillis);
		}

		@Override
		long nanosPerUnit() {
			return 1_000_000;
		}

		private long count(int key, long window) {
			return this.counts.getOrDefault(key, Map.of()).getOrDefault(window, 0L);
		}

	}

}
