package dev.weir.spring.federation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationConfig;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios shared by the real-server tests: regions as threads of one JVM, each with its own
 * limiter, on the system clock (the server runs on the same host, so its clock is this one).
 */
final class FederationScenarios {

	private FederationScenarios() {
	}

	static FederatedRateLimiter region(GlobalCoordinator coordinator, String region, LimitPolicy policy, long batch) {
		return new FederatedRateLimiter(policy, FederationConfig.of(region, "t").withBatch(batch)
			.withProbeInterval(Duration.ofMillis(100)), coordinator, null, Clock.system());
	}

	static LimitPolicy policy(String name, long limit, Duration window) {
		return LimitPolicy.of(name, limit, window, Algorithm.FIXED_WINDOW);
	}

	/**
	 * Runs {@code regions} threads that request permits as fast as they can for {@code run},
	 * and returns the permits admitted per window; an admission whose call started in one
	 * window and returned in the next is counted apart, under window -1.
	 */
	static Map<Long, Long> hammer(GlobalCoordinator coordinator, LimitPolicy policy, int regions, long batch,
			Duration run) throws InterruptedException {
		long windowMillis = policy.window().toMillis();
		Map<Long, LongAdder> admitted = new ConcurrentHashMap<>();
		long until = System.currentTimeMillis() + run.toMillis();
		List<Thread> threads = new ArrayList<>();
		AtomicLong failures = new AtomicLong();
		for (int r = 0; r < regions; r++) {
			FederatedRateLimiter limiter = region(coordinator, "r" + r, policy, batch);
			Thread thread = new Thread(() -> {
				while (System.currentTimeMillis() < until) {
					long before = System.currentTimeMillis();
					try {
						if (limiter.tryAcquire("k").allowed()) {
							long after = System.currentTimeMillis();
							long window = (Math.floorDiv(before, windowMillis) == Math.floorDiv(after, windowMillis))
									? Math.floorDiv(before, windowMillis) : -1;
							admitted.computeIfAbsent(window, (w) -> new LongAdder()).increment();
						}
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(failures).hasValue(0);
		Map<Long, Long> counts = new ConcurrentHashMap<>();
		admitted.forEach((window, count) -> counts.put(window, count.sum()));
		return counts;
	}

	/** Asserts that no window admitted more than the limit, and that the limit was reached. */
	static void assertNoOvershootAndFullUse(Map<Long, Long> admitted, long limit) {
		long ambiguous = admitted.getOrDefault(-1L, 0L);
		admitted.forEach((window, count) -> {
			if (window >= 0) {
				assertThat(count).as("window %d", window).isLessThanOrEqualTo(limit);
			}
		});
		assertThat(admitted.entrySet().stream().filter((e) -> e.getKey() >= 0).mapToLong(Map.Entry::getValue).max()
			.orElse(0) + ambiguous).isGreaterThanOrEqualTo(limit);
	}

}
