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
 * Properties of {@link Algorithm#FIXED_WINDOW} over random runs of requests on virtual time.
 */
class FixedWindowRateLimiterPropertyTests {

	@Property(tries = 300)
	void everyDecisionIsTheReferenceModels(@ForAll("scenarios") RateLimiterScenario scenario) {
		ManualClock clock = scenario.clock();
		RateLimiter limiter = RateLimiters.local(scenario.policy(Algorithm.FIXED_WINDOW), clock);
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
	void noAlignedWindowGrantsMoreThanTheLimit(@ForAll("scenarios") RateLimiterScenario scenario) {
		ManualClock clock = scenario.clock();
		RateLimiter limiter = RateLimiters.local(scenario.policy(Algorithm.FIXED_WINDOW), clock);
		Map<String, Long> granted = new HashMap<>();
		for (Step step : scenario.steps()) {
			clock.advanceNanos(step.advanceNanos());
			if (limiter.tryAcquire(step.keyName(), step.permits()).allowed()) {
				long window = Math.floorDiv(clock.wallTimeMillis(), scenario.windowMillis());
				long total = granted.merge(step.key() + "@" + window, step.permits(), Long::sum);
				assertThat(total).as("permits granted to %s in window %d", step.keyName(), window)
					.isLessThanOrEqualTo(scenario.limit());
			}
		}
	}

	@Provide
	Arbitrary<RateLimiterScenario> scenarios() {
		return RateLimiterScenario.arbitrary(8, 20, 80);
	}

	/**
	 * Counts permits per key and per window {@code [k·w, (k+1)·w)} of wall time: a request is
	 * granted while its window's count plus the permits stays within the limit. Time is in
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
			return count(key, window(time)) + permits <= this.limit;
		}

		@Override
		void take(int key, long permits, long time) {
			this.counts.computeIfAbsent(key, (k) -> new HashMap<>()).merge(window(time), permits, Long::sum);
		}

		@Override
		long earliest(LongPredicate holdsAfter) {
			return scan(holdsAfter, this.windowMillis);
		}

		@Override
		long nanosPerUnit() {
			return 1_000_000;
		}

		private long window(long time) {
			return Math.floorDiv(time, this.windowMillis);
		}

		private long count(int key, long window) {
			return this.counts.getOrDefault(key, Map.of()).getOrDefault(window, 0L);
		}

	}

}
