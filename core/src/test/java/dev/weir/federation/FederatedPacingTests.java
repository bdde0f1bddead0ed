package dev.weir.federation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.weir.limit.Algorithm;
import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how {@link FederatedRateLimiter} paces its leases by a key's requests: leasing ahead
 * of need and leasing more for a busy key. A manual clock, a coordinator whose calls take 1 ms
 * each way, and an executor that runs prefetches only when told.
 */
@Timeout(30)
class FederatedPacingTests {

	private static final long START = 1_000_000_000_000L;

	private static final long MS = 1_000_000L;

	private final ManualClock clock = new ManualClock(START);

	private final InMemoryCoordinator coordinator = new InMemoryCoordinator(this.clock);

	private final SlowCoordinator slow = new SlowCoordinator(this.coordinator, this.clock, () -> MS, () -> MS);

	private final LimitPolicy policy = LimitPolicy.of("checkout", 20, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW);

	private final ManualExecutor executor = new ManualExecutor();

	private FederatedRateLimiter limiter(Executor prefetcher) {
		return new FederatedRateLimiter(this.policy, FederationConfig.of("a", "p1").withBatch(4), this.slow, null,
				this.clock, prefetcher);
	}

	/** Sends requests on key k one gap apart, the first one now; returns how many were admitted. */
	private int requestsEvery(FederatedRateLimiter limiter, int requests, Duration gap) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			if (i > 0) {
				this.clock.advance(gap);
			}
			if (limiter.tryAcquire("k").allowed()) {
				admitted++;
			}
		}
		return admitted;
	}

	@Test
	void aBusyKeyLeasesItsNextBatchWhileItStillHasEscrow() {
		FederatedRateLimiter limiter = limiter(this.executor);
		requestsEvery(limiter, 3, Duration.ofNanos(100_000));
		assertThat(limiter.heldUnits("k")).isEqualTo(1);
		assertThat(this.coordinator.calls()).isEqualTo(1);
		assertThat(this.executor.tasks).hasSize(1);
		this.executor.runAll();
		assertThat(this.coordinator.calls()).isEqualTo(2);
		assertThat(limiter.heldUnits("k")).isEqualTo(1 + 4);
		assertThat(limiter.stats().prefetches()).isEqualTo(1);
	}

	@Test
	void aPrefetchedKeyAdmitsWithoutWaitingForTheCoordinator() {
		FederatedRateLimiter limiter = limiter(this.executor);
		requestsEvery(limiter, 3, Duration.ofNanos(100_000));
		this.executor.runAll();
		long before = this.clock.monotonicNanos();
		assertThat(requestsEvery(limiter, 5, Duration.ZERO)).isEqualTo(5);
		assertThat(this.clock.monotonicNanos()).isEqualTo(before);
	}

	@Test
	void onlyOneLeaseIsInFlightPerKey() {
		FederatedRateLimiter limiter = limiter(this.executor);
		requestsEvery(limiter, 4, Duration.ofNanos(100_000));
		assertThat(limiter.heldUnits("k")).isZero();
		assertThat(this.executor.tasks).hasSize(1);
	}

	@Test
	void aRequestThatFindsTheEscrowEmptyWaitsForThePrefetchInsteadOfLeasingAgain() throws Exception {
		FederatedRateLimiter limiter = limiter(this.executor);
		requestsEvery(limiter, 4, Duration.ofNanos(100_000));
		assertThat(limiter.heldUnits("k")).isZero();
		ExecutorService requester = Executors.newSingleThreadExecutor();
		try {
			Future<Decision> waiting = requester.submit(() -> limiter.tryAcquire("k"));
			this.executor.runAll();
			assertThat(waiting.get(5, TimeUnit.SECONDS).allowed()).isTrue();
		}
		finally {
			requester.shutdownNow();
		}
		assertThat(this.coordinator.calls()).isEqualTo(2);
	}

	@Test
	void aSlowKeyDoesNotLeaseAhead() {
		FederatedRateLimiter limiter = limiter(this.executor);
		requestsEvery(limiter, 3, Duration.ofMillis(100));
		assertThat(this.executor.tasks).isEmpty();
		assertThat(limiter.stats().prefetches()).isZero();
	}

	@Test
	void noPrefetchWhoseGrantWouldArriveTooNearTheDeadline() {
		FederatedRateLimiter limiter = limiter(this.executor);
		// The first lease returns at 986 ms, the deadline is at 990 ms and a round trip takes 2 ms:
		// a prefetch needs twice that before the deadline.
		this.clock.advance(Duration.ofMillis(984));
		requestsEvery(limiter, 3, Duration.ofNanos(100_000));
		assertThat(this.executor.tasks).isEmpty();
	}

	@Test
	void aRejectedPrefetchLeavesTheKeyToLeaseOnDemand() {
		FederatedRateLimiter limiter = limiter((task) -> {
			throw new RejectedExecutionException("full");
		});
		assertThat(requestsEvery(limiter, 30, Duration.ofNanos(100_000))).isEqualTo(20);
		assertThat(limiter.stats().prefetches()).isPositive();
	}

	@Test
	void withoutAnExecutorEveryLeaseIsOnDemand() {
		FederatedRateLimiter limiter = limiter(null);
		assertThat(requestsEvery(limiter, 30, Duration.ofNanos(100_000))).isEqualTo(20);
		assertThat(limiter.stats().prefetches()).isZero();
		assertThat(this.coordinator.calls()).isEqualTo(6);
	}

	@Test
	void aKeyThatWouldSpendABatchWithinTwoRoundTripsLeasesMoreAtOnce() {
		LimitPolicy large = LimitPolicy.of("checkout", 1_000, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW);
		FederatedRateLimiter limiter = new FederatedRateLimiter(large, FederationConfig.of("a", "p1").withBatch(4),
				this.slow, null, this.clock, null);
		requestsEvery(limiter, 200, Duration.ofNanos(100_000));
		// A batch of 4 would take 50 calls; at 0.1 ms between requests and 2 ms round trips a
		// lease covers tens of requests.
		assertThat(this.coordinator.calls()).isLessThan(20);
		assertThat(limiter.stats().grantedUnits()).isLessThanOrEqualTo(200 + 250);
	}

	@Test
	void aBusyKeyNeverLeasesMoreThanAQuarterOfTheLimitAtOnce() {
		FederatedRateLimiter limiter = limiter(null);
		requestsEvery(limiter, 20, Duration.ZERO);
		assertThat(limiter.stats().grantedUnits()).isEqualTo(20);
		assertThat(limiter.stats().grantedUnits() / (double) limiter.stats().leases())
			.isLessThanOrEqualTo(20 / 4.0);
	}

	@Test
	void aSlowKeyLeasesTheBatch() {
		FederatedRateLimiter limiter = limiter(null);
		requestsEvery(limiter, 8, Duration.ofMillis(10));
		assertThat(this.coordinator.calls()).isEqualTo(2);
	}

	/** Holds tasks until the test runs them. */
	private static final class ManualExecutor implements Executor {

		final Deque<Runnable> tasks = new ArrayDeque<>();

		@Override
		public synchronized void execute(Runnable task) {
			this.tasks.add(task);
		}

		void runAll() {
			Runnable task;
			while ((task = poll()) != null) {
				task.run();
			}
		}

		private synchronized Runnable poll() {
			return this.tasks.poll();
		}

	}

}
