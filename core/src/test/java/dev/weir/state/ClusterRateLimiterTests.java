package dev.weir.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.weir.limit.Algorithm;
import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClusterRateLimiterTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	@Test
	void withAllLoadOnOneNodeTheLimitIsExact() {
		Replicas replicas = new Replicas(5);
		ClusterRateLimiter busy = replicas.limiters(100, MINUTE, Algorithm.FIXED_WINDOW).get(2);
		int admitted = 0;
		for (int epoch = 0; epoch < 200; epoch++) {
			for (int i = 0; i < 50; i++) {
				admitted += busy.tryAcquire("client").allowed() ? 1 : 0;
			}
			replicas.sync();
			replicas.clock.advance(Duration.ofMillis(200));
		}
		assertThat(admitted).isEqualTo(100);
	}

	@Test
	void nodesThatSyncEveryEpochNeverAdmitMoreThanTheLimitTogether() {
		Replicas replicas = new Replicas(10);
		List<ClusterRateLimiter> limiters = replicas.limiters(1000, MINUTE, Algorithm.FIXED_WINDOW);
		int admitted = 0;
		for (int epoch = 0; epoch < 250; epoch++) {
			for (ClusterRateLimiter limiter : limiters) {
				for (int i = 0; i < 10; i++) {
					admitted += limiter.tryAcquire("client").allowed() ? 1 : 0;
				}
			}
			replicas.sync();
			replicas.clock.advance(Duration.ofMillis(200));
		}
		assertThat(admitted).isEqualTo(1000);
	}

	@Test
	void aNodeDeniesOnceTheClusterCountReachesTheLimitUntilTheWindowEnds() {
		Replicas replicas = new Replicas(2);
		List<ClusterRateLimiter> limiters = replicas.limiters(10, MINUTE, Algorithm.FIXED_WINDOW);
		replicas.node(0).membership(1, 0);
		for (int i = 0; i < 10; i++) {
			assertThat(limiters.get(0).tryAcquire("client").allowed()).isTrue();
		}
		replicas.sync();
		replicas.clock.advance(Duration.ofSeconds(15));
		Decision decision = limiters.get(1).tryAcquire("client");
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.remaining()).isZero();
		assertThat(decision.retryAfter()).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void aNodeThatSpentItsShareAsksAgainNextEpochWhileBudgetRemains() {
		Replicas replicas = new Replicas(4);
		ClusterRateLimiter limiter = replicas.limiters(100, MINUTE, Algorithm.FIXED_WINDOW).get(0);
		for (int i = 0; i < 25; i++) {
			assertThat(limiter.tryAcquire("client").allowed()).isTrue();
		}
		Decision decision = limiter.tryAcquire("client");
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.remaining()).as("none of this node's share").isZero();
		assertThat(decision.retryAfter()).isEqualTo(Duration.ofMillis(200));
		replicas.sync();
		assertThat(limiter.tryAcquire("client").allowed()).isTrue();
	}

	@Test
	void aNodeRespectsWhatTheOthersHaveClaimedButNotYetSpent() {
		Replicas replicas = new Replicas(2);
		List<ClusterRateLimiter> limiters = replicas.limiters(10, MINUTE, Algorithm.FIXED_WINDOW);
		assertThat(limiters.get(0).tryAcquire("client").allowed()).isTrue();
		replicas.sync();
		// node-0 claimed 5 and spent 1; node-1 may claim half of the other 5 at most.
		int admitted = 0;
		for (int epoch = 0; epoch < 20; epoch++) {
			for (int i = 0; i < 10; i++) {
				admitted += limiters.get(1).tryAcquire("client").allowed() ? 1 : 0;
			}
			replicas.node(1).tick();
		}
		assertThat(admitted).isEqualTo(5);
	}

	@Test
	void threadsRacingOnOneNodeNeverAdmitMoreThanItsShare() throws Exception {
		Replicas replicas = new Replicas(4);
		ClusterRateLimiter limiter = replicas.limiters(1000, MINUTE, Algorithm.FIXED_WINDOW).get(0);
		AtomicInteger admitted = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				runs.add(threads.submit(() -> {
					for (int i = 0; i < 1000; i++) {
						if (limiter.tryAcquire("client").allowed()) {
							admitted.incrementAndGet();
						}
					}
				}));
			}
			for (Future<?> run : runs) {
				run.get();
			}
		}
		finally {
			threads.shutdown();
		}
		// One widening in this epoch: a quarter of the limit, exactly.
		assertThat(admitted.get()).isEqualTo(250);
		assertThat(limiter.allowedCount()).isEqualTo(250);
	}

	@Test
	void aRequestForMorePermitsThanOneShareIsAdmittedOnceTheUnspentClaimHasGrown() {
		Replicas replicas = new Replicas(5);
		ClusterRateLimiter limiter = replicas.limiters(10, MINUTE, Algorithm.FIXED_WINDOW).get(0);
		boolean admitted = false;
		for (int epoch = 0; epoch < 5 && !admitted; epoch++) {
			admitted = limiter.tryAcquire("client", 3).allowed();
			replicas.sync();
		}
		assertThat(admitted).isTrue();
	}

	@Test
	void theCountsOfANewWindowStartFromZero() {
		Replicas replicas = new Replicas(1);
		ClusterRateLimiter limiter = replicas.limiters(3, MINUTE, Algorithm.FIXED_WINDOW).get(0);
		for (int i = 0; i < 3; i++) {
			limiter.tryAcquire("client");
		}
		assertThat(limiter.tryAcquire("client").allowed()).isFalse();
		replicas.clock.advance(MINUTE);
		assertThat(limiter.tryAcquire("client").allowed()).isTrue();
	}

	@Test
	void aSlidingWindowWeighsThePreviousWindowsClusterCount() {
		Replicas replicas = new Replicas(2);
		List<ClusterRateLimiter> limiters = replicas.limiters(10, MINUTE, Algorithm.SLIDING_WINDOW);
		replicas.node(0).membership(1, 0);
		for (int i = 0; i < 10; i++) {
			assertThat(limiters.get(0).tryAcquire("client").allowed()).isTrue();
		}
		replicas.sync();
		replicas.node(1).membership(1, 0);
		// Halfway into the next window, the previous one still weighs 10 × 1/2 = 5.
		replicas.clock.advance(Duration.ofSeconds(90));
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			admitted += limiters.get(1).tryAcquire("client").allowed() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(5);
	}

	@Test
	void aTokenBucketCannotBeSharedByTheCluster() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Replicas(1).node(0)
				.limiter(LimitPolicy.of("api", 10, MINUTE, Algorithm.TOKEN_BUCKET)))
			.withMessageContaining("scope cluster supports the fixed-window and sliding-window algorithms");
		assertThat(ClusterRateLimiter.supports(Algorithm.TOKEN_BUCKET)).isFalse();
	}

	@Test
	void aRequestForMorePermitsThanTheLimitIsAnError() {
		ClusterRateLimiter limiter = new Replicas(1).limiters(10, MINUTE, Algorithm.FIXED_WINDOW).get(0);
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("client", 11));
	}

}
