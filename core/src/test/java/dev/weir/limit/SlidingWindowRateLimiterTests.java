package dev.weir.limit;

import java.time.Duration;

import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Examples of {@link Algorithm#SLIDING_WINDOW}: 10 permits per 1s window. The estimate over
 * the last window is {@code previous × (w − elapsed) / w + current}. The clock starts on a window
 * boundary, so that {@code WINDOW_START + n·1000} is the start of a window.
 */
class SlidingWindowRateLimiterTests {

	private static final long WINDOW_START = 1_000_000;

	private final ManualClock clock = new ManualClock(WINDOW_START);

	private final RateLimiter limiter = RateLimiters
		.local(LimitPolicy.of("sliding", 10, Duration.ofSeconds(1), Algorithm.SLIDING_WINDOW), this.clock);

	@Test
	void isCreatedForTheSlidingWindowAlgorithm() {
		assertThat(this.limiter).isInstanceOf(SlidingWindowRateLimiter.class);
	}

	@Test
	void admitsTheLimitThenDenies() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.tryAcquire("k").allowed()).as("request %d", i + 1).isTrue();
		}
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void remainingCountsDownToZeroWithoutAPreviousWindow() {
		for (long expected = 9; expected >= 0; expected--) {
			assertThat(this.limiter.tryAcquire("k").remaining()).isEqualTo(expected);
		}
	}

	@Test
	void allowedDecisionResetsAtTheEndOfTheNextWindow() {
		this.clock.advance(Duration.ofMillis(300));
		Decision decision = this.limiter.tryAcquire("k");
		assertThat(decision).isEqualTo(Decision.allowed(10, 9, Duration.ofMillis(1_700).toNanos()));
	}

	@Test
	void previousWindowWeighsByItsShareOfTheSlidingWindow() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(1_250));
		// 10 × 750/1000 = 7.5 still counts, so 2 of the 10 are left.
		assertThat(this.limiter.tryAcquire("k")).isEqualTo(Decision.allowed(10, 1, Duration.ofMillis(1_750).toNanos()));
		assertThat(this.limiter.tryAcquire("k")).isEqualTo(Decision.allowed(10, 0, Duration.ofMillis(1_750).toNanos()));
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void deniedByThePreviousWindowWaitsUntilItsWeightLeavesRoom() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(1_250));
		this.limiter.tryAcquire("k", 2);
		// 10 × (1000 − t) + 3 × 1000 ≤ 10 × 1000 once t ≥ 300ms, 50ms from now.
		Decision denied = this.limiter.tryAcquire("k");
		assertThat(denied).isEqualTo(Decision.denied(10, 0, Duration.ofMillis(1_750).toNanos(),
				Duration.ofMillis(50).toNanos()));
	}

	@Test
	void retryAfterADenialByThePreviousWindowIsExactlyWhenTheRetryIsAdmitted() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(1_250));
		this.limiter.tryAcquire("k", 2);
		Decision denied = this.limiter.tryAcquire("k");
		this.clock.advanceNanos(denied.retryAfterNanos() - 1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
	}

	@Test
	void deniedByAFullCurrentWindowWaitsIntoTheNextWindow() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(400));
		// 600ms to the next window, then 10 × (1000 − t) + 1000 ≤ 10 × 1000 once t ≥ 100ms.
		Decision denied = this.limiter.tryAcquire("k");
		assertThat(denied).isEqualTo(Decision.denied(10, 0, Duration.ofMillis(1_600).toNanos(),
				Duration.ofMillis(700).toNanos()));
	}

	@Test
	void retryAfterADenialByAFullCurrentWindowIsExactlyWhenTheRetryIsAdmitted() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(400));
		Decision denied = this.limiter.tryAcquire("k", 4);
		// 600ms to the next window, then 10 × (1000 − t) + 4000 ≤ 10 × 1000 once t ≥ 400ms.
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(1_000));
		this.clock.advanceNanos(denied.retryAfterNanos() - 1);
		assertThat(this.limiter.tryAcquire("k", 4).allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k", 4).allowed()).isTrue();
	}

	@Test
	void requestForTheWholeLimitWaitsUntilThePreviousWindowNoLongerCounts() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(400));
		Decision denied = this.limiter.tryAcquire("k", 10);
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(1_600));
		this.clock.advanceNanos(denied.retryAfterNanos() - 1);
		assertThat(this.limiter.tryAcquire("k", 10).allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k", 10).allowed()).isTrue();
	}

	@Test
	void deniedWithOnlyAPreviousWindowResetsWhenItNoLongerOverlaps() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(1_050));
		// 10 × 950/1000 = 9.5 still counts. The current window is empty, so the quota is full
		// when the previous one slides out, and one permit fits once t ≥ 100ms.
		Decision denied = this.limiter.tryAcquire("k");
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.resetAfter()).isEqualTo(Duration.ofMillis(950));
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void remainingOfADenialCountsTheWholePermitsLeft() {
		this.limiter.tryAcquire("k", 6);
		this.clock.advance(Duration.ofMillis(1_500));
		// 6 × 500/1000 = 3 still counts: 7 of the 10 are left, not the 8 asked for.
		Decision denied = this.limiter.tryAcquire("k", 8);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.remaining()).isEqualTo(7);
		assertThat(this.limiter.tryAcquire("k", 7)).isEqualTo(Decision.allowed(10, 0, Duration.ofMillis(1_500).toNanos()));
	}

	@Test
	void doesNotAllowTheBoundaryBurstOfAFixedWindow() {
		this.clock.advance(Duration.ofMillis(999));
		exhaust("k");
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void previousWindowOlderThanOneWindowNoLongerCounts() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(2_000));
		assertThat(this.limiter.tryAcquire("k", 10)).isEqualTo(Decision.allowed(10, 0, Duration.ofMillis(2_000).toNanos()));
	}

	@Test
	void severalPermitsAreTakenTogether() {
		assertThat(this.limiter.tryAcquire("k", 7).remaining()).isEqualTo(3);
		assertThat(this.limiter.tryAcquire("k", 4).allowed()).isFalse();
		assertThat(this.limiter.tryAcquire("k", 3).remaining()).isZero();
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, 11 })
	void rejectsPermitsOutsideOneToTheLimit(long permits) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.tryAcquire("k", permits))
			.withMessage("permits must be between 1 and the limit 10 of 'sliding': " + permits);
	}

	@Test
	void keysAreCountedIndependently() {
		exhaust("a");
		assertThat(this.limiter.tryAcquire("b").remaining()).isEqualTo(9);
		assertThat(this.limiter.tryAcquire("a").allowed()).isFalse();
	}

	@Test
	void wallClockSteppingBackIntoAnEarlierWindowGrantsNoFreshWindow() {
		this.clock.advance(Duration.ofMillis(100));
		exhaust("k");
		this.clock.setWallTimeMillis(WINDOW_START - 1_500);
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void wallClockSteppingFarBackDoesNotFail() {
		exhaust("k");
		this.clock.setWallTimeMillis(WINDOW_START - Duration.ofDays(7).toMillis());
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		assertThat(this.limiter.tryAcquire("new").allowed()).isTrue();
	}

	@Test
	void afterAWallClockStepBackRetryAfterIsNotTooEarly() {
		exhaust("k");
		this.clock.setWallTimeMillis(WINDOW_START - 1_500);
		Decision denied = this.limiter.tryAcquire("k");
		this.clock.advanceNanos(denied.retryAfterNanos());
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
	}

	@Test
	void afterAWallClockStepBackResetAfterIsWhenTheQuotaIsFull() {
		exhaust("k");
		this.clock.setWallTimeMillis(WINDOW_START - 1_500);
		Decision denied = this.limiter.tryAcquire("k");
		assertThat(denied.resetAfter()).isEqualTo(Duration.ofMillis(3_500));
	}

	@Test
	void windowsContinueAcrossTheWrapOfTheirThirtyTwoBitIndex() {
		ManualClock wrapClock = new ManualClock((1L << 32) * 1_000 - 1_000);
		RateLimiter wrapping = RateLimiters.local(this.limiter.policy(), wrapClock);
		wrapping.tryAcquire("k", 10);
		wrapClock.advance(Duration.ofMillis(1_500));
		// Half of the previous window still counts across the wrap.
		assertThat(wrapping.tryAcquire("k", 6).allowed()).isFalse();
		assertThat(wrapping.tryAcquire("k", 5).allowed()).isTrue();
	}

	@Test
	void keyIdleForTwoToTheThirtyOneWindowsStartsAfresh() {
		RateLimiter millis = RateLimiters.local(LimitPolicy.of("millis", 1, Duration.ofMillis(1), Algorithm.SLIDING_WINDOW),
				this.clock);
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
		this.clock.advance(Duration.ofMillis((1L << 31) + 1));
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
	}

	@ParameterizedTest(name = "idle for {0} windows")
	@ValueSource(longs = { (1L << 31) + 1, (1L << 32) - 1, 1L << 32, (1L << 32) + 1, 3L << 32, 1L << 40 })
	void keyIdleForAnyNumberOfWindowsStartsAfreshAndIsCountedAgain(long idleWindows) {
		RateLimiter millis = RateLimiters.local(LimitPolicy.of("millis", 1, Duration.ofMillis(1), Algorithm.SLIDING_WINDOW),
				this.clock);
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
		this.clock.advance(Duration.ofMillis(idleWindows));
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
		assertThat(millis.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void previousWindowStillCountsWhenTheKeyOutrunsItsAnchor() {
		// A new key's windows are read near window 0 until one is more than 2^30 windows from it.
		this.clock.setWallTimeMillis((1L << 30) * 1_000);
		exhaust("k");
		this.clock.advance(Duration.ofMillis(1_500));
		assertThat(this.limiter.tryAcquire("k", 6).allowed()).isFalse();
		assertThat(this.limiter.tryAcquire("k", 5)).isEqualTo(Decision.allowed(10, 0, Duration.ofMillis(1_500).toNanos()));
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void afterAWallClockStepBackADenialByThePreviousWindowWaitsIntoTheNewestWindow() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(1_100));
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
		this.clock.setWallTimeMillis(WINDOW_START - 700);
		// The key stays in its newest window, which starts 1.7s from now: there, 10 × (1000 − t)
		// + 2 × 1000 ≤ 10 × 1000 once t ≥ 200ms.
		Decision denied = this.limiter.tryAcquire("k");
		assertThat(denied).isEqualTo(Decision.denied(10, 0, Duration.ofMillis(3_700).toNanos(),
				Duration.ofMillis(1_900).toNanos()));
		this.clock.advanceNanos(denied.retryAfterNanos() - 1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
	}

	private void exhaust(String key) {
		assertThat(this.limiter.tryAcquire(key, 10).allowed()).isTrue();
	}

}
