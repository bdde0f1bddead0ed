package dev.weir.limit;

import java.time.Duration;

import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Examples of {@link Algorithm#FIXED_WINDOW}: 5 permits per 1s window, windows aligned to the
 * epoch on the wall clock. The clock starts on a window boundary.
 */
class FixedWindowRateLimiterTests {

	private static final long WINDOW_START = 1_000_000;

	private final ManualClock clock = new ManualClock(WINDOW_START);

	private final RateLimiter limiter = RateLimiters
		.local(LimitPolicy.of("fixed", 5, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW), this.clock);

	@Test
	void isCreatedForTheFixedWindowAlgorithm() {
		assertThat(this.limiter).isInstanceOf(FixedWindowRateLimiter.class);
	}

	@Test
	void admitsTheLimitThenDenies() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.tryAcquire("k").allowed()).as("request %d", i + 1).isTrue();
		}
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void remainingCountsDownToZero() {
		for (long expected = 4; expected >= 0; expected--) {
			assertThat(this.limiter.tryAcquire("k").remaining()).isEqualTo(expected);
		}
	}

	@Test
	void allowedDecisionResetsAtTheEndOfTheWindow() {
		this.clock.advance(Duration.ofMillis(300));
		Decision decision = this.limiter.tryAcquire("k");
		assertThat(decision).isEqualTo(Decision.allowed(5, 4, Duration.ofMillis(700).toNanos()));
	}

	@Test
	void deniedDecisionAsksToRetryAtTheEndOfTheWindow() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(250));
		Decision decision = this.limiter.tryAcquire("k");
		long untilWindowEnd = Duration.ofMillis(750).toNanos();
		assertThat(decision).isEqualTo(Decision.denied(5, 0, untilWindowEnd, untilWindowEnd));
		assertThat(decision.retryAfterSeconds()).isEqualTo(1);
	}

	@Test
	void windowBoundaryStartsTheCountAfresh() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(999));
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		Decision decision = this.limiter.tryAcquire("k");
		assertThat(decision).isEqualTo(Decision.allowed(5, 4, Duration.ofSeconds(1).toNanos()));
	}

	@Test
	void windowsAreAlignedToTheEpochNotToTheFirstRequest() {
		this.clock.advance(Duration.ofMillis(900));
		exhaust("k");
		this.clock.advance(Duration.ofMillis(100));
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
	}

	@Test
	void aBurstAroundABoundaryMayTakeTwoLimits() {
		this.clock.advance(Duration.ofMillis(999));
		exhaust("k");
		this.clock.advance(Duration.ofMillis(1));
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
		}
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void retryAfterIsExactlyWhenTheRetryIsAdmitted() {
		this.clock.advance(Duration.ofMillis(400));
		exhaust("k");
		Decision denied = this.limiter.tryAcquire("k");
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(600));
		this.clock.advanceNanos(denied.retryAfterNanos() - 1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
	}

	@Test
	void severalPermitsAreTakenTogether() {
		assertThat(this.limiter.tryAcquire("k", 3)).isEqualTo(Decision.allowed(5, 2, Duration.ofSeconds(1).toNanos()));
		assertThat(this.limiter.tryAcquire("k", 2).remaining()).isZero();
		assertThat(this.limiter.tryAcquire("k", 1).allowed()).isFalse();
	}

	@Test
	void deniedRequestForSeveralPermitsTakesNothing() {
		this.limiter.tryAcquire("k", 3);
		Decision denied = this.limiter.tryAcquire("k", 3);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.remaining()).isEqualTo(2);
		assertThat(this.limiter.tryAcquire("k", 2).allowed()).isTrue();
	}

	@Test
	void requestForTheWholeLimitIsAdmittedOncePerWindow() {
		assertThat(this.limiter.tryAcquire("k", 5).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire("k", 5).allowed()).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.limiter.tryAcquire("k", 5).allowed()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, 6, Long.MAX_VALUE })
	void rejectsPermitsOutsideOneToTheLimit(long permits) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.tryAcquire("k", permits))
			.withMessage("permits must be between 1 and the limit 5 of 'fixed': " + permits);
	}

	@Test
	void rejectsNullKey() {
		assertThatNullPointerException().isThrownBy(() -> this.limiter.tryAcquire(null)).withMessage("key");
	}

	@Test
	void keysAreCountedIndependently() {
		exhaust("a");
		Decision other = this.limiter.tryAcquire("b");
		assertThat(other.allowed()).isTrue();
		assertThat(other.remaining()).isEqualTo(4);
		assertThat(this.limiter.tryAcquire("a").allowed()).isFalse();
	}

	@Test
	void wallClockSteppingBackIntoAnEarlierWindowGrantsNoFreshWindow() {
		this.clock.advance(Duration.ofMillis(100));
		exhaust("k");
		this.clock.setWallTimeMillis(WINDOW_START - 500);
		Decision decision = this.limiter.tryAcquire("k");
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.remaining()).isZero();
	}

	@Test
	void afterAWallClockStepBackRetryAfterWaitsForTheEndOfTheNewestWindow() {
		exhaust("k");
		this.clock.setWallTimeMillis(WINDOW_START - 500);
		Decision denied = this.limiter.tryAcquire("k");
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(1_500));
		this.clock.advanceNanos(denied.retryAfterNanos() - 1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
	}

	@Test
	void wallClockSteppingFarBackDoesNotFail() {
		exhaust("k");
		this.clock.setWallTimeMillis(WINDOW_START - Duration.ofDays(7).toMillis());
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		assertThat(this.limiter.tryAcquire("new").allowed()).isTrue();
	}

	@Test
	void windowsContinueAcrossTheWrapOfTheirThirtyTwoBitIndex() {
		ManualClock wrapClock = new ManualClock((1L << 32) * 1_000 - 1_000);
		RateLimiter wrapping = RateLimiters.local(this.limiter.policy(), wrapClock);
		for (int i = 0; i < 5; i++) {
			wrapping.tryAcquire("k");
		}
		assertThat(wrapping.tryAcquire("k").allowed()).isFalse();
		wrapClock.advance(Duration.ofSeconds(1));
		assertThat(wrapping.tryAcquire("k").remaining()).isEqualTo(4);
		assertThat(wrapping.tryAcquire("k", 4).allowed()).isTrue();
		assertThat(wrapping.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void keyIdleForTwoToTheThirtyOneWindowsStartsAfresh() {
		RateLimiter millis = RateLimiters.local(LimitPolicy.of("millis", 1, Duration.ofMillis(1), Algorithm.FIXED_WINDOW),
				this.clock);
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
		this.clock.advance(Duration.ofMillis((1L << 31) + 1));
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
	}

	@ParameterizedTest(name = "idle for {0} windows")
	@ValueSource(longs = { (1L << 31) + 1, (1L << 32) - 1, 1L << 32, (1L << 32) + 1, 3L << 32, 1L << 40 })
	void keyIdleForAnyNumberOfWindowsStartsAfreshAndIsCountedAgain(long idleWindows) {
		RateLimiter millis = RateLimiters.local(LimitPolicy.of("millis", 1, Duration.ofMillis(1), Algorithm.FIXED_WINDOW),
				this.clock);
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
		this.clock.advance(Duration.ofMillis(idleWindows));
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
		assertThat(millis.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void wallClockSteppingBackTwoToTheThirtyTwoWindowsStaysInTheNewestWindow() {
		RateLimiter millis = RateLimiters.local(LimitPolicy.of("millis", 1, Duration.ofMillis(1), Algorithm.FIXED_WINDOW),
				this.clock);
		assertThat(millis.tryAcquire("k").allowed()).isTrue();
		this.clock.setWallTimeMillis(WINDOW_START - (1L << 32));
		Decision denied = millis.tryAcquire("k");
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis((1L << 32) + 1));
		assertThat(millis.tryAcquire("new").allowed()).isTrue();
	}

	private void exhaust(String key) {
		assertThat(this.limiter.tryAcquire(key, 5).allowed()).isTrue();
	}

}
