package dev.weir.federation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.weir.federation.CoordinatorException.Kind;
import dev.weir.limit.Algorithm;
import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FederatedRateLimiter} on a manual clock and an in-memory coordinator.
 */
class FederatedRateLimiterTests {

	private static final long START = 1_000_000_000_000L;

	private final ManualClock clock = new ManualClock(START);

	private final InMemoryCoordinator coordinator = new InMemoryCoordinator(this.clock);

	private final LimitPolicy policy = LimitPolicy.of("checkout", 20, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW);

	private FederatedRateLimiter limiter(String region, GlobalCoordinator coordinator) {
		return new FederatedRateLimiter(this.policy, FederationConfig.of(region, "p1").withBatch(4), coordinator, null,
				this.clock);
	}

	private FederatedRateLimiter limiter(String region) {
		return limiter(region, this.coordinator);
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
	void regionsTogetherNeverAdmitMoreThanTheLimitInOneWindow() {
		List<FederatedRateLimiter> regions = List.of(limiter("a"), limiter("b"), limiter("c"));
		int admitted = 0;
		for (int i = 0; i < 30; i++) {
			for (FederatedRateLimiter region : regions) {
				admitted += admit(region, 1);
			}
		}
		assertThat(admitted).isEqualTo(20);
	}

	@Test
	void aRegionAloneCanSpendTheWholeGlobalBudget() {
		assertThat(admit(limiter("a"), 50)).isEqualTo(20);
	}

	@Test
	void leasesOneBatchPerCoordinatorCall() {
		FederatedRateLimiter limiter = limiter("a");
		admit(limiter, 8);
		assertThat(this.coordinator.calls()).isEqualTo(2);
		assertThat(limiter.stats().leases("full")).isEqualTo(2);
	}

	@Test
	void escrowDiesAtTheDeadlineTheCoordinatorExchangeGives() {
		FederatedRateLimiter limiter = limiter("a");
		this.clock.advance(Duration.ofMillis(900));
		assertThat(limiter.tryAcquire("k").allowed()).isTrue();
		assertThat(limiter.heldUnits("k")).isEqualTo(3);
		// guard is 1 % of 1s, 10ms: escrow dies at 990ms into the window.
		this.clock.advance(Duration.ofMillis(89));
		assertThat(limiter.heldUnits("k")).isEqualTo(3);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(limiter.heldUnits("k")).isZero();
	}

	@Test
	void aNodeWallClockFarAheadDoesNotChangeWhenEscrowDies() {
		FederatedRateLimiter skewed = new FederatedRateLimiter(this.policy,
				FederationConfig.of("a", "p1").withBatch(4), this.coordinator, null,
				new SkewedClock(this.clock, 500));
		this.clock.advance(Duration.ofMillis(900));
		skewed.tryAcquire("k");
		this.clock.advance(Duration.ofMillis(89));
		assertThat(skewed.heldUnits("k")).isEqualTo(3);
	}

	@Test
	void aGrantArrivingPastItsDeadlineIsForfeitedAndTheRequestLeasesInTheNewWindow() {
		AtomicInteger replies = new AtomicInteger();
		SlowCoordinator slow = new SlowCoordinator(this.coordinator, this.clock, () -> 0,
				() -> (replies.getAndIncrement() == 0) ? 200_000_000L : 0);
		FederatedRateLimiter limiter = limiter("a", slow);
		this.clock.advance(Duration.ofMillis(850));
		assertThat(limiter.tryAcquire("k").allowed()).isTrue();
		assertThat(limiter.stats().forfeitedUnits()).isEqualTo(4);
		assertThat(this.coordinator.calls()).isEqualTo(2);
	}

	@Test
	void aRequestInTheLastGuardOfAWindowIsDeniedWithoutACoordinatorCall() {
		FederatedRateLimiter limiter = limiter("a");
		this.clock.advance(Duration.ofMillis(900));
		admit(limiter, 4);
		this.clock.advance(Duration.ofMillis(92));
		long calls = this.coordinator.calls();
		Decision decision = limiter.tryAcquire("k");
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.retryAfterNanos()).isEqualTo(Duration.ofMillis(8).toNanos());
		assertThat(this.coordinator.calls()).isEqualTo(calls);
		this.clock.advance(Duration.ofMillis(8));
		assertThat(limiter.tryAcquire("k").allowed()).isTrue();
		assertThat(this.coordinator.calls()).isEqualTo(calls + 1);
	}

	@Test
	void aGrantForAWindowAlreadyInItsGuardIsForfeitedOnceAndTheKeyWaitsForTheNextWindow() {
		FederatedRateLimiter limiter = limiter("a");
		this.clock.advance(Duration.ofMillis(995));
		assertThat(limiter.tryAcquire("k").allowed()).isFalse();
		assertThat(limiter.tryAcquire("k").allowed()).isFalse();
		assertThat(this.coordinator.calls()).isEqualTo(1);
		assertThat(limiter.stats().forfeitedUnits()).isEqualTo(4);
	}

	@Test
	void aZeroGrantDeniesTheKeyWithoutCallsUntilTheDeadline() {
		FederatedRateLimiter limiter = limiter("a");
		admit(limiter("b"), 20);
		long calls = this.coordinator.calls();
		assertThat(limiter.tryAcquire("k").allowed()).isFalse();
		assertThat(limiter.tryAcquire("k").allowed()).isFalse();
		assertThat(this.coordinator.calls()).isEqualTo(calls + 1);
		assertThat(limiter.stats().leases("zero")).isEqualTo(1);
	}

	@Test
	void aDeniedRequestIsToldToRetryAtTheWindowEnd() {
		admit(limiter("b"), 20);
		this.clock.advance(Duration.ofMillis(300));
		Decision decision = limiter("a").tryAcquire("k");
		assertThat(decision.retryAfter()).isEqualTo(Duration.ofMillis(700));
	}

	@Test
	void theBudgetComesBackInTheNextWindow() {
		FederatedRateLimiter limiter = limiter("a");
		admit(limiter, 20);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(admit(limiter, 30)).isEqualTo(20);
	}

	@Test
	void failClosedServesHeldEscrowThenDeniesWhileTheCoordinatorIsDown() {
		FederatedRateLimiter limiter = limiter("a");
		limiter.tryAcquire("k");
		this.coordinator.setAvailable(false);
		assertThat(admit(limiter, 10)).isEqualTo(3);
		assertThat(limiter.coordinatorUp()).isFalse();
		assertThat(limiter.stats().coordinatorErrors(Kind.UNAVAILABLE)).isEqualTo(1);
		assertThat(limiter.stats().deniedOutage()).isEqualTo(7);
	}

	@Test
	void anOpenBreakerTriesAgainAfter100MillisecondsDoublingUpToTheProbeInterval() {
		FederatedRateLimiter limiter = limiter("a");
		this.coordinator.setAvailable(false);
		admit(limiter, 10);
		assertThat(limiter.stats().coordinatorErrors()).isEqualTo(1);
		long[] delays = { 100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000 };
		for (int i = 0; i < delays.length; i++) {
			this.clock.advance(Duration.ofMillis(delays[i] - 1));
			admit(limiter, 10);
			assertThat(limiter.stats().coordinatorErrors()).isEqualTo(i + 1);
			this.clock.advance(Duration.ofMillis(1));
			admit(limiter, 10);
			assertThat(limiter.stats().coordinatorErrors()).isEqualTo(i + 2);
		}
	}

	@Test
	void aCoordinatorThatAnswersAgainResetsTheBackOff() {
		FederatedRateLimiter limiter = limiter("a");
		this.coordinator.setAvailable(false);
		admit(limiter, 1);
		this.clock.advance(Duration.ofMillis(100));
		admit(limiter, 1);
		this.coordinator.setAvailable(true);
		this.clock.advance(Duration.ofMillis(200));
		assertThat(admit(limiter, 1)).isEqualTo(1);
		this.coordinator.setAvailable(false);
		this.clock.advance(Duration.ofSeconds(1));
		admit(limiter, 10);
		long errors = limiter.stats().coordinatorErrors();
		this.clock.advance(Duration.ofMillis(100));
		admit(limiter, 10);
		assertThat(limiter.stats().coordinatorErrors()).isEqualTo(errors + 1);
	}

	@Test
	void theFirstCallAfterTheProbeIntervalClosesTheBreakerWhenTheCoordinatorIsBack() {
		FederatedRateLimiter limiter = limiter("a");
		this.coordinator.setAvailable(false);
		limiter.tryAcquire("k");
		this.coordinator.setAvailable(true);
		assertThat(limiter.tryAcquire("k").allowed()).isFalse();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(limiter.tryAcquire("k").allowed()).isTrue();
		assertThat(limiter.coordinatorUp()).isTrue();
	}

	@Test
	void aScheduledProbeClosesTheBreaker() {
		FederatedRateLimiter limiter = limiter("a");
		this.coordinator.setAvailable(false);
		limiter.tryAcquire("k");
		this.coordinator.setAvailable(true);
		assertThat(limiter.probe(false)).isFalse();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(limiter.probe(false)).isTrue();
		assertThat(limiter.lastExchange()).isNotNull();
	}

	@Test
	void regionalOnlyAdmitsItsAllowancePerWindowWhileCutOff() {
		FederatedRateLimiter limiter = new FederatedRateLimiter(this.policy,
				FederationConfig.of("a", "p1").withBatch(4).withOutageMode(OutageMode.REGIONAL_ONLY, 2),
				this.coordinator, null, this.clock);
		limiter.tryAcquire("k");
		this.coordinator.setAvailable(false);
		assertThat(admit(limiter, 10)).isEqualTo(3 + 2);
		assertThat(limiter.stats().fallbackAdmitted()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(admit(limiter, 10)).isEqualTo(2);
	}

	@Test
	void regionalOnlyWithoutAnAllowanceIsFailClosed() {
		FederatedRateLimiter limiter = new FederatedRateLimiter(this.policy,
				FederationConfig.of("a", "p1").withOutageMode(OutageMode.REGIONAL_ONLY, 0), this.coordinator, null,
				this.clock);
		this.coordinator.setAvailable(false);
		assertThat(admit(limiter, 10)).isZero();
	}

	@Test
	void aCoordinatorThatLostItsStateGrantsNothingInWindowsStartedByTheLossPlusTheMargin() {
		FederatedRateLimiter a = limiter("a");
		admit(a, 4);
		this.clock.advance(Duration.ofMillis(500));
		this.coordinator.loseState();
		FederatedRateLimiter b = limiter("b");
		assertThat(admit(b, 30)).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(admit(b, 30)).isZero();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(admit(b, 30)).isEqualTo(20);
	}

	@Test
	void regionsThatDisagreeOnTheLimitGetCountedErrors() {
		admit(limiter("a"), 1);
		FederatedRateLimiter other = new FederatedRateLimiter(
				LimitPolicy.of("checkout", 30, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW),
				FederationConfig.of("b", "p1"), this.coordinator, null, this.clock);
		assertThat(other.tryAcquire("k").allowed()).isFalse();
		assertThat(other.stats().coordinatorErrors(Kind.CONFIG_MISMATCH)).isEqualTo(1);
	}

	@Test
	void closingGivesEscrowBackToTheSameWindow() {
		FederatedRateLimiter a = limiter("a");
		a.tryAcquire("k");
		a.close();
		assertThat(a.stats().returnedUnits()).isEqualTo(3);
		assertThat(admit(limiter("b"), 30)).isEqualTo(19);
	}

	@Test
	void idleEscrowIsGivenBackAndSpentByAnotherRegionInTheSameWindow() {
		FederatedRateLimiter a = limiter("a");
		admit(a, 1);
		this.clock.advance(Duration.ofMillis(100));
		assertThat(a.giveBackIdle(Duration.ofMillis(200).toNanos())).isZero();
		assertThat(a.giveBackIdle(Duration.ofMillis(100).toNanos())).isEqualTo(3);
		assertThat(a.heldUnits("k")).isZero();
		assertThat(admit(limiter("b"), 30)).isEqualTo(19);
	}

	private static final long MS = 1_000_000L;

	/** Sends requests on key k one gap apart, starting now. */
	private void requestsEvery(FederatedRateLimiter limiter, int requests, Duration gap) {
		for (int i = 0; i < requests; i++) {
			if (i > 0) {
				this.clock.advance(gap);
			}
			limiter.tryAcquire("k");
		}
	}

	@Test
	void aBusyKeyThatStopsGivesItsEscrowBackAfterSixteenOfItsGaps() {
		FederatedRateLimiter a = limiter("a");
		requestsEvery(a, 3, Duration.ofMillis(1));
		assertThat(a.heldUnits("k")).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(15));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isEqualTo(1);
		assertThat(a.stats().returnedUnits()).isEqualTo(1);
	}

	@Test
	void aQuietKeyKeepsItsEscrowForTheLeastTimeEvenIfItsGapsAreShorter() {
		FederatedRateLimiter a = limiter("a");
		requestsEvery(a, 3, Duration.ZERO);
		this.clock.advance(Duration.ofMillis(4));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isEqualTo(1);
	}

	@Test
	void aSlowKeyKeepsItsEscrowBetweenRequestsUntilTheMostTime() {
		FederatedRateLimiter a = limiter("a");
		requestsEvery(a, 2, Duration.ofMillis(50));
		this.clock.advance(Duration.ofMillis(499));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isEqualTo(2);
	}

	@Test
	void aKeyWithOneRequestSoFarIsJudgedByTheMostTime() {
		FederatedRateLimiter a = limiter("a");
		a.tryAcquire("k");
		this.clock.advance(Duration.ofMillis(100));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isZero();
		this.clock.advance(Duration.ofMillis(400));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isEqualTo(3);
	}

	@Test
	void aBusyKeyIsJudgedByItsNewPaceAFewRequestsAfterALull() {
		LimitPolicy minute = LimitPolicy.of("checkout", 1_000, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW);
		FederatedRateLimiter a = new FederatedRateLimiter(minute, FederationConfig.of("a", "p1").withBatch(100),
				this.coordinator, null, this.clock);
		for (int i = 0; i < 20; i++) {
			a.tryAcquire("k");
			this.clock.advance(Duration.ofMillis(1));
		}
		this.clock.advance(Duration.ofSeconds(10));
		for (int i = 0; i < 12; i++) {
			a.tryAcquire("k");
			this.clock.advance(Duration.ofMillis(1));
		}
		this.clock.advance(Duration.ofMillis(40));
		assertThat(a.giveBackQuiet(5 * MS, 500 * MS)).isEqualTo(68);
	}

	@Test
	void quietGiveBackNeedsTheLeastTimeNotAboveTheMost() {
		FederatedRateLimiter a = limiter("a");
		assertThatIllegalArgumentException().isThrownBy(() -> a.giveBackQuiet(-1, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> a.giveBackQuiet(10, 9));
	}

	@Test
	void escrowPastItsDeadlineIsNeverGivenBack() {
		FederatedRateLimiter a = limiter("a");
		admit(a, 1);
		this.clock.advance(Duration.ofMillis(995));
		assertThat(a.giveBackIdle(0)).isZero();
		assertThat(a.stats().returnedUnits()).isZero();
	}

	@Test
	void aRegionalEscrowLetsTheRegionShareOneLease() {
		InMemoryRegionalEscrow regional = new InMemoryRegionalEscrow();
		FederatedRateLimiter p1 = new FederatedRateLimiter(this.policy, FederationConfig.of("a", "p1").withBatch(2),
				this.coordinator, regional, this.clock);
		FederatedRateLimiter p2 = new FederatedRateLimiter(this.policy, FederationConfig.of("a", "p2").withBatch(2),
				this.coordinator, regional, this.clock);
		p1.tryAcquire("k");
		p2.probe(true);
		assertThat(admit(p2, 6)).isEqualTo(6);
		assertThat(this.coordinator.calls()).isEqualTo(1);
	}

	@Test
	void regionalEscrowServesWhileTheCoordinatorIsDown() {
		InMemoryRegionalEscrow regional = new InMemoryRegionalEscrow();
		FederatedRateLimiter p1 = new FederatedRateLimiter(this.policy, FederationConfig.of("a", "p1").withBatch(2),
				this.coordinator, regional, this.clock);
		p1.tryAcquire("k");
		this.coordinator.setAvailable(false);
		assertThat(admit(p1, 20)).isEqualTo(7);
	}

	@Test
	void regionalUnitsPastTheirDeadlineAreDrainedNotUsed() {
		InMemoryRegionalEscrow regional = new InMemoryRegionalEscrow();
		FederatedRateLimiter p1 = new FederatedRateLimiter(this.policy, FederationConfig.of("a", "p1").withBatch(2),
				this.coordinator, regional, this.clock);
		p1.tryAcquire("k");
		this.coordinator.setAvailable(false);
		// Past the window's end, so that the key is no longer closing and tries the regional escrow.
		this.clock.advance(Duration.ofMillis(1_005));
		assertThat(admit(p1, 5)).isZero();
		assertThat(p1.stats().forfeitedUnits()).isPositive();
	}

	@Test
	void threadsRacingOnOneHotKeyAreNeverDeniedWhileTheBudgetLasts() throws Exception {
		LimitPolicy large = LimitPolicy.of("checkout", 1_000_000_000L, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW);
		FederatedRateLimiter limiter = new FederatedRateLimiter(large, FederationConfig.of("a", "p1"),
				this.coordinator, null, this.clock);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				done.add(threads.submit(() -> {
					for (int i = 0; i < 50_000; i++) {
						limiter.tryAcquire("k");
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(limiter.deniedCount()).isZero();
		assertThat(limiter.allowedCount()).isEqualTo(200_000);
	}

	@Test
	void concurrentRequestsOnOneKeyShareOneLease() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger leases = new AtomicInteger();
		GlobalCoordinator gated = new GlobalCoordinator() {
			@Override
			public LeaseGrant lease(LeaseRequest request) {
				leases.incrementAndGet();
				entered.countDown();
				try {
					release.await(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return FederatedRateLimiterTests.this.coordinator.lease(request);
			}

			@Override
			public long giveBack(GiveBackRequest request) {
				return 0;
			}

			@Override
			public long probe() {
				return 0;
			}
		};
		FederatedRateLimiter limiter = new FederatedRateLimiter(this.policy,
				FederationConfig.of("a", "p1").withBatch(8), gated, null, this.clock);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Decision>> decisions = new ArrayList<>();
			decisions.add(threads.submit(() -> limiter.tryAcquire("k")));
			entered.await(5, TimeUnit.SECONDS);
			for (int i = 0; i < 3; i++) {
				decisions.add(threads.submit(() -> limiter.tryAcquire("k")));
			}
			Thread.sleep(50);
			release.countDown();
			for (Future<Decision> decision : decisions) {
				assertThat(decision.get(5, TimeUnit.SECONDS).allowed()).isTrue();
			}
			assertThat(leases).hasValue(1);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void onlyFixedWindowsFederate() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FederatedRateLimiter(
					LimitPolicy.of("x", 10, Duration.ofSeconds(1), Algorithm.SLIDING_WINDOW),
					FederationConfig.of("a", "p1"), this.coordinator, null, this.clock))
			.withMessageContaining("fixed windows only");
	}

	@Test
	void aWindowShorterThanTwiceTheGuardIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new FederatedRateLimiter(
					LimitPolicy.of("x", 10, Duration.ofMillis(8), Algorithm.FIXED_WINDOW),
					FederationConfig.of("a", "p1"), this.coordinator, null, this.clock))
			.withMessageContaining("too short");
	}

	@Test
	void permitsAboveTheLimitAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> limiter("a").tryAcquire("k", 21))
			.withMessageContaining("permits must be between 1 and the limit 20");
	}

}
