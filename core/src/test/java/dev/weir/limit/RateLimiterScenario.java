package dev.weir.limit;

import java.time.Duration;
import java.util.List;

import dev.weir.time.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A random run of requests on virtual time, for the property tests of every algorithm: a
 * policy, a starting wall time, and steps that each move the clock on and then ask for permits
 * for one of a few keys.
 *
 * @param limit the policy's limit
 * @param windowMillis the policy's window in milliseconds
 * @param startWallMillis the wall time the clock starts at; the monotonic reading starts at zero
 * @param steps the requests, in order
 */
record RateLimiterScenario(long limit, long windowMillis, long startWallMillis, List<Step> steps) {

	static final int KEYS = 3;

	LimitPolicy policy(Algorithm algorithm) {
		return LimitPolicy.of("property", this.limit, Duration.ofMillis(this.windowMillis), algorithm);
	}

	ManualClock clock() {
		return new ManualClock(this.startWallMillis);
	}

	/**
	 * Returns scenarios with small limits and windows, so that runs cross many windows and hit
	 * the limit often. Starting times are spread over the epoch, with some just before a window
	 * index crosses a multiple of 2³², where its packed 32 bits wrap.
	 */
	static Arbitrary<RateLimiterScenario> arbitrary(long maxLimit, long maxWindowMillis, int maxSteps) {
		Arbitrary<Long> limits = Arbitraries.longs().between(1, maxLimit);
		return limits.flatMap((limit) -> Arbitraries.longs().between(1, maxWindowMillis).flatMap((window) -> {
			Arbitrary<Long> starts = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.longs().between(0, 4_000_000_000_000L)),
					Tuple.of(1, Arbitraries.longs()
						.between(-3 * window, 3 * window)
						.map((offset) -> (1L << 32) * window + offset)));
			Arbitrary<List<Step>> steps = steps(limit, window).list().ofMinSize(1).ofMaxSize(maxSteps);
			return Combinators.combine(starts, steps)
				.as((start, list) -> new RateLimiterScenario(limit, window, start, list));
		}));
	}

	private static Arbitrary<Step> steps(long limit, long windowMillis) {
		long windowNanos = windowMillis * 1_000_000;
		Arbitrary<Long> advances = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0L)),
				Tuple.of(4, Arbitraries.longs().between(1, 2_000_000)),
				Tuple.of(3, Arbitraries.longs().between(1, windowMillis).map((millis) -> millis * 1_000_000)),
				Tuple.of(2, Arbitraries.longs().between(1, windowNanos)),
				Tuple.of(1, Arbitraries.longs().between(windowNanos, 3 * windowNanos)));
		Arbitrary<Integer> keys = Arbitraries.integers().between(0, KEYS - 1);
		Arbitrary<Long> permits = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(1L)),
				Tuple.of(2, Arbitraries.longs().between(1, limit)));
		return Combinators.combine(advances, keys, permits).as(Step::new);
	}

	/**
	 * One request: move the clock on, then ask for permits for a key.
	 *
	 * @param advanceNanos how far to move the clock first
	 * @param key which of the {@value #KEYS} keys
	 * @param permits how many permits to ask for
	 */
	record Step(long advanceNanos, int key, long permits) {

		String keyName() {
			return "key-" + this.key;
		}

	}

}
