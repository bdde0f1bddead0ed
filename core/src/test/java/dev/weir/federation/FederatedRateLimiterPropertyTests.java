package dev.weir.federation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomised runs of the real engine at sizes the explorer cannot reach: up to 10 regions,
 * limits up to 1,000, batches up to 64, node wall clocks off by up to ±500ms, coordinator
 * calls taking up to a tenth of the window each way, outages and state loss. Each admission is
 * tagged with the coordinator window it happened in (one shared virtual clock is true time and
 * the coordinator's clock); no window may admit more than the limit. Each seed replays.
 */
@Tag("simulation")
class FederatedRateLimiterPropertyTests {

	static long[] seeds() {
		long base = Long.getLong("weir.sim.seed", 20261123L);
		long[] seeds = new long[40];
		for (int i = 0; i < seeds.length; i++) {
			seeds[i] = base + i;
		}
		return seeds;
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void noCoordinatorWindowAdmitsMoreThanTheLimit(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int regions = 1 + random.nextInt(10);
		long limit = 1 + random.nextInt(1000);
		long windowMillis = 100 + random.nextInt(2000);
		long batch = 1 + random.nextInt(64);
		ManualClock clock = new ManualClock(1_700_000_000_000L + random.nextInt(1_000_000));
		InMemoryCoordinator store = new InMemoryCoordinator(clock);
		long maxDelayNanos = windowMillis * 100_000L;
		SlowCoordinator coordinator = new SlowCoordinator(store, clock, () -> random.nextLong(maxDelayNanos + 1),
				() -> random.nextLong(maxDelayNanos + 1));
		LimitPolicy policy = LimitPolicy.of("p", limit, Duration.ofMillis(windowMillis), Algorithm.FIXED_WINDOW);
		List<FederatedRateLimiter> limiters = new ArrayList<>();
		for (int r = 0; r < regions; r++) {
			FederationConfig config = FederationConfig.of("r" + r, "p").withBatch(batch)
				.withProbeInterval(Duration.ofMillis(Math.max(10, windowMillis / 4)));
			limiters.add(new FederatedRateLimiter(policy, config, coordinator, null,
					new SkewedClock(clock, random.nextLong(1001) - 500)));
		}
		long[] admitted = new long[64];
		long first = Math.floorDiv(clock.wallTimeMillis(), windowMillis);
		int steps = 20_000;
		for (int step = 0; step < steps; step++) {
			int roll = random.nextInt(1000);
			if (roll == 0) {
				store.setAvailable(false);
			}
			else if (roll < 20) {
				store.setAvailable(true);
			}
			else if (roll == 20) {
				store.loseState();
			}
			clock.advanceNanos(random.nextLong(windowMillis * 1_000_000L / 50 + 1));
			FederatedRateLimiter limiter = limiters.get(random.nextInt(regions));
			long permits = 1 + random.nextInt((int) Math.min(3, limit));
			if (limiter.tryAcquire("k", permits).allowed()) {
				int window = (int) (Math.floorDiv(clock.wallTimeMillis(), windowMillis) - first);
				if (window < admitted.length) {
					admitted[window] += permits;
				}
			}
		}
		for (int w = 0; w < admitted.length; w++) {
			assertThat(admitted[w]).as("seed %d window %d (regions %d, limit %d, batch %d)", seed, w, regions, limit,
					batch).isLessThanOrEqualTo(limit);
		}
	}

}
