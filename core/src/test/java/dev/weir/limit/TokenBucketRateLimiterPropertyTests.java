package dev.weir.limit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Properties of {@link Algorithm#TOKEN_BUCKET} over random runs of requests on virtual time.
 */
class TokenBucketRateLimiterPropertyTests {

	@Property(tries = 300)
	void everyDecisionIsTheReferenceModels(@ForAll("scenarios") RateLimiterScenario scenario) {
		ManualClock clock = scenario.clock();
		RateLimiter limiter = RateLimiters.local(scenario.policy(Algorithm.TOKEN_BUCKET), clock);
		Model model = new Model(scenario.limit(), scenario.windowMillis());
		int index = 0;
		for (Step step : scenario.steps()) {
			clock.advanceNanos(step.advanceNanos());
			Decision expected = model.decide(step.key(), step.permits(), clock.monotonicNanos());
			assertThat(limiter.tryAcquire(step.keyName(), step.permits())).as("step %d %s at %s", index++, step, clock)
				.isEqualTo(expected);
		}
	}

	@Property(tries = 200)
	void noIntervalGrantsMoreThanTheLimitPlusItsRefill(@ForAll("scenarios") RateLimiterScenario scenario) {
		ManualClock clock = scenario.clock();
		RateLimiter limiter = RateLimiters.local(scenario.policy(Algorithm.TOKEN_BUCKET), clock);
		long emissionNanos = emissionNanos(scenario.limit(), scenario.windowMillis());
		Map<Integer, List<long[]>> grants = new HashMap<>();
		for (Step step : scenario.steps()) {
			clock.advanceNanos(step.advanceNanos());
			if (limiter.tryAcquire(step.keyName(), step.permits()).allowed()) {
				grants.computeIfAbsent(step.key(), (k) -> new ArrayList<>())
					.add(new long[] { clock.monotonicNanos(), step.permits() });
			}
		}
		grants.forEach((key, list) -> {
			for (int from = 0; from < list.size(); from++) {
				long total = 0;
				for (int to = from; to < list.size(); to++) {
					total += list.get(to)[1];
					long elapsed = list.get(to)[0] - list.get(from)[0];
					assertThat(total).as("permits granted to key-%d over %dns", key, elapsed)
						.isLessThanOrEqualTo(scenario.limit() + elapsed / emissionNanos);
				}
			}
		});
	}

	@Provide
	Arbitrary<RateLimiterScenario> scenarios() {
		return RateLimiterScenario.arbitrary(8, 20, 80);
	}

	/**
	 * The emission interval: one permit comes back every {@code ⌈window / limit⌉} nanoseconds.
	 */
	static long emissionNanos(long limit, long windowMillis) {
		long windowNanos = windowMillis * 1_000_000;
		return (windowNanos + limit - 1) / limit;
	}

	/**
	 * A bucket that holds credit in nanoseconds, from zero to {@code limit × T}, starts full,
	 * fills by one nanosecond per nanosecond, and pays {@code T} per permit: a request is granted
	 * while the bucket holds enough to pay for it. Time is in monotonic nanoseconds.
	 */
	static final class Model extends ReferenceModel {

		private final long emissionNanos;

		private final long capacity;

		private final Map<Integer, long[]> buckets = new HashMap<>();

		Model(long limit, long windowMillis) {
			super(limit);
			this.emissionNanos = emissionNanos(limit, windowMillis);
			this.capacity = limit * this.emissionNanos;
		}

		@Override
		boolean admits(int key, long permits, long time) {
			return level(key, time) >= permits * this.emissionNanos;
		}

		@Override
		void take(int key, long permits, long time) {
			this.buckets.put(key, new long[] { level(key, time) - permits * this.emissionNanos, time });
		}

		private long level(int key, long time) {
			long[] bucket = this.buckets.get(key);
			if (bucket == null) {
				return this.capacity;
			}
			return Math.min(this.capacity, bucket[0] + (time - bucket[1]));
		}

		@Override
		long earliest(LongPredicate holdsAfter) {
			return bisect(holdsAfter, 2 * this.capacity);
		}

		@Override
		long nanosPerUnit() {
			return 1;
		}

	}

}
