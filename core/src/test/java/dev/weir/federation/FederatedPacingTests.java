package dev.weir.federation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for how {@link FederatedRateLimiter} paces its leases by the requests that come while
 * one is in flight: leasing more for a key that outpaces its batch, and leasing ahead of need.
 * A manual clock, a coordinator whose first lease waits until the test lets it go, and an
 * executor that runs prefetches only when told.
 */
@Timeout(30)
class FederatedPacingTests {

	private static final long START = 1_000_000_000_000L;

	private final ManualClock clock = new ManualClock(START);

	private final InMemoryCoordinator coordinator = new InMemoryCoordinator(this.clock);

	private final GatedCoordinator gated = new GatedCoordinator(this.coordinator, this.clock);

	private final ManualExecutor executor = new ManualExecutor();

	private FederatedRateLimiter limiter(long limit, Executor prefetcher) {
		return limiter(limit, 4, prefetcher);
	}

	private FederatedRateLimiter limiter(long limit, long batch, Executor prefetcher) {
		LimitPolicy policy = LimitPolicy.of("checkout", limit, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW);
		return new FederatedRateLimiter(policy, FederationConfig.of("a", "p1").withBatch(batch), this.gated, null,
				this.clock, prefetcher);
	}

	/**
	 * Sends one request whose lease is held until {@code waiting} more requests on the key wait
	 * for it, then lets the lease go and waits for all of them to be decided.
	 */
	private void leaseWhileRequestsWait(FederatedRateLimiter limiter, int waiting) throws InterruptedException {
		// Prefetches are refused meanwhile, so that what happens here does not hang on timing.
		this.executor.rejecting = true;
		List<Thread> threads = new ArrayList<>();
		Thread first = new Thread(() -> limiter.tryAcquire("k"));
		first.start();
		assertThat(this.gated.entered.await(5, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < waiting; i++) {
			Thread thread = new Thread(() -> limiter.tryAcquire("k"));
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			while (thread.getState() != Thread.State.WAITING) {
				Thread.onSpinWait();
			}
		}
		this.gated.release.countDown();
		threads.add(first);
		for (Thread thread : threads) {
			thread.join();
		}
		this.executor.rejecting = false;
	}

	private static int admit(FederatedRateLimiter limiter, int requests) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			if (limiter.tryAcquire("k").allowed()) {
				admitted++;
			}
		}
		return admitted;
	}

	@Test
	void aKeyLeasesTwiceWhatCameWhileItsLastLeaseWasOut() throws InterruptedException {
		FederatedRateLimiter limiter = limiter(1_000, null);
		leaseWhileRequestsWait(limiter, 9);
		// 4 for the first and three of the waiting, then 2 × 10 for the other six.
		assertThat(this.gated.wants).containsExactly(4L, 20L);
		assertThat(limiter.heldUnits("k")).isEqualTo(24 - 10);
	}

	@Test
	void aKeyNeverLeasesMoreThanAQuarterOfTheLimitAtOnce() throws InterruptedException {
		FederatedRateLimiter limiter = limiter(20, null);
		leaseWhileRequestsWait(limiter, 9);
		assertThat(this.gated.wants.get(1)).isEqualTo(5);
	}

	@Test
	void requestsOneAtATimeLeaseTheBatch() {
		this.gated.release.countDown();
		FederatedRateLimiter limiter = limiter(1_000, null);
		admit(limiter, 12);
		assertThat(this.gated.wants).containsExactly(4L, 4L, 4L);
	}

	@Test
	void aBusyKeyLeasesAheadOnceItHoldsLessThanTwiceWhatCameDuringItsLastLease() throws InterruptedException {
		FederatedRateLimiter limiter = limiter(1_000, 32, this.executor);
		// Ten requests on one lease of 32: demand 10, lease ahead below 20.
		leaseWhileRequestsWait(limiter, 9);
		assertThat(limiter.heldUnits("k")).isEqualTo(22);
		admit(limiter, 2);
		assertThat(this.executor.tasks).isEmpty();
		admit(limiter, 1);
		assertThat(this.executor.tasks).hasSize(1);
		this.executor.runAll();
		assertThat(this.gated.wants).containsExactly(32L, 32L);
		assertThat(limiter.heldUnits("k")).isEqualTo(19 + 32);
	}

	@Test
	void aPrefetchLeasesTwiceTheDemandWhenThatExceedsTheBatch() throws InterruptedException {
		FederatedRateLimiter limiter = limiter(1_000, 16, this.executor);
		leaseWhileRequestsWait(limiter, 9);
		admit(limiter, 1);
		this.executor.runAll();
		assertThat(this.gated.wants).containsExactly(16L, 20L);
		assertThat(limiter.heldUnits("k")).isEqualTo(5 + 20);
		assertThat(limiter.stats().prefetches()).isPositive();
	}

	@Test
	void onlyOneLeaseIsInFlightPerKey() throws InterruptedException {
		FederatedRateLimiter limiter = limiter(1_000, 16, this.executor);
		leaseWhileRequestsWait(limiter, 9);
		admit(limiter, 4);
		assertThat(this.executor.tasks).hasSize(1);
	}

	@Test
	void requestsOneAtATimeDoNotLeaseAhead() {
		this.gated.release.countDown();
		FederatedRateLimiter limiter = limiter(1_000, this.executor);
		admit(limiter, 12);
		assertThat(this.executor.tasks).isEmpty();
		assertThat(limiter.stats().prefetches()).isZero();
	}

	@Test
	void noPrefetchWhoseGrantWouldArriveAfterTheDeadline() throws InterruptedException {
		FederatedRateLimiter limiter = limiter(1_000, this.executor);
		this.gated.roundTripNanos = 400_000_000L;
		// The leases return at 400 and 800 ms, the deadline is at 990 ms, and two round trips
		// take 800 ms.
		leaseWhileRequestsWait(limiter, 9);
		admit(limiter, 8);
		assertThat(this.executor.tasks).isEmpty();
	}

	@Test
	void aRejectedPrefetchLeavesTheKeyToLeaseOnDemand() throws InterruptedException {
		FederatedRateLimiter limiter = limiter(100, (task) -> {
			throw new RejectedExecutionException("full");
		});
		leaseWhileRequestsWait(limiter, 9);
		assertThat(admit(limiter, 200)).isEqualTo(100 - 10);
		assertThat(limiter.stats().prefetches()).isZero();
	}

	/**
	 * A coordinator whose leases wait until {@link #release} is counted down, and take
	 * {@link #roundTripNanos} on the manual clock; it records what each lease asked for.
	 */
	private static final class GatedCoordinator extends ForwardingCoordinator {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<Long> wants = new CopyOnWriteArrayList<>();

		volatile long roundTripNanos = 2_000_000L;

		private final ManualClock clock;

		GatedCoordinator(GlobalCoordinator target, ManualClock clock) {
			super(target);
			this.clock = clock;
		}

		@Override
		public LeaseGrant lease(LeaseRequest request) {
			this.entered.countDown();
			try {
				this.release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.wants.add(request.want());
			synchronized (this.clock) {
				this.clock.advanceNanos(this.roundTripNanos);
				return delegate().lease(request);
			}
		}

	}

	/** Holds tasks until the test runs them, or refuses them while told to. */
	private static final class ManualExecutor implements Executor {

		final Deque<Runnable> tasks = new ArrayDeque<>();

		volatile boolean rejecting;

		@Override
		public synchronized void execute(Runnable task) {
			if (this.rejecting) {
				throw new RejectedExecutionException("not now");
			}
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
