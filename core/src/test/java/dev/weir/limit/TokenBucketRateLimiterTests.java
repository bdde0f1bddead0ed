package dev.weir.limit;

import java.time.Duration;

import dev.weir.time.Clock;
import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Examples of {@link Algorithm#TOKEN_BUCKET} (GCRA) with 10 permits per 1s: one permit comes
 * back every {@code T = ⌈window / limit⌉ = 100ms}, up to a full bucket of 10. It runs on the
 * monotonic clock.
 */
class TokenBucketRateLimiterTests {

	private static final Duration T = Duration.ofMillis(100);

	private final ManualClock clock = new ManualClock(1_000_000);

	private final RateLimiter limiter = RateLimiters
		.local(LimitPolicy.of("bucket", 10, Duration.ofSeconds(1), Algorithm.TOKEN_BUCKET), this.clock);

	@Test
	void isCreatedForTheTokenBucketAlgorithm() {
		assertThat(this.limiter).isInstanceOf(TokenBucketRateLimiter.class);
	}

	@Test
	void admitsABurstOfTheLimitThenDenies() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.tryAcquire("k").allowed()).as("request %d", i + 1).isTrue();
		}
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void eachPermitTakenDelaysTheFullBucketByOneInterval() {
		assertThat(this.limiter.tryAcquire("k")).isEqualTo(Decision.allowed(10, 9, T.toNanos()));
		assertThat(this.limiter.tryAcquire("k")).isEqualTo(Decision.allowed(10, 8, 2 * T.toNanos()));
	}

	@Test
	void refillsOnePermitPerInterval() {
		exhaust("k");
		this.clock.advanceNanos(T.toNanos() - 1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void refillsInProportionToTheTimePassed() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(350));
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
		}
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void anIdleBucketHoldsNoMoreThanTheLimit() {
		exhaust("k");
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.limiter.tryAcquire("k", 10).allowed()).isTrue();
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void remainingCountsOnlyWholePermits() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(150));
		// 1.5 permits are back: one is taken, and the half left over is not a permit yet.
		assertThat(this.limiter.tryAcquire("k")).isEqualTo(Decision.allowed(10, 0, Duration.ofMillis(950).toNanos()));
	}

	@Test
	void deniedDecisionAsksToRetryWhenThePermitIsBack() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(30));
		Decision denied = this.limiter.tryAcquire("k");
		assertThat(denied).isEqualTo(Decision.denied(10, 0, Duration.ofMillis(970).toNanos(),
				Duration.ofMillis(70).toNanos()));
	}

	@Test
	void retryAfterIsExactlyWhenTheRetryIsAdmitted() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(30));
		Decision denied = this.limiter.tryAcquire("k");
		this.clock.advanceNanos(denied.retryAfterNanos() - 1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k").allowed()).isTrue();
	}

	@Test
	void severalPermitsAreTakenTogether() {
		assertThat(this.limiter.tryAcquire("k", 4)).isEqualTo(Decision.allowed(10, 6, Duration.ofMillis(400).toNanos()));
	}

	@Test
	void deniedRequestForSeveralPermitsWaitsForAllOfThem() {
		this.limiter.tryAcquire("k", 4);
		Decision denied = this.limiter.tryAcquire("k", 7);
		assertThat(denied).isEqualTo(Decision.denied(10, 6, Duration.ofMillis(400).toNanos(),
				Duration.ofMillis(100).toNanos()));
		this.clock.advanceNanos(denied.retryAfterNanos() - 1);
		assertThat(this.limiter.tryAcquire("k", 7).allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(this.limiter.tryAcquire("k", 7)).isEqualTo(Decision.allowed(10, 0, Duration.ofSeconds(1).toNanos()));
	}

	@Test
	void emissionIntervalIsRoundedUpToAWholeNanosecond() {
		RateLimiter thirds = RateLimiters.local(LimitPolicy.of("thirds", 3, Duration.ofSeconds(1), Algorithm.TOKEN_BUCKET),
				this.clock);
		thirds.tryAcquire("k", 3);
		Decision denied = thirds.tryAcquire("k");
		// T = ⌈1e9 / 3⌉ = 333 333 334ns, so the bucket is full again after 3T, 2ns past the window.
		assertThat(denied).isEqualTo(Decision.denied(3, 0, 1_000_000_002L, 333_333_334L));
		this.clock.advanceNanos(333_333_333L);
		assertThat(thirds.tryAcquire("k").allowed()).isFalse();
		this.clock.advanceNanos(1);
		assertThat(thirds.tryAcquire("k").allowed()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1, 11 })
	void rejectsPermitsOutsideOneToTheLimit(long permits) {
		assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.tryAcquire("k", permits))
			.withMessage("permits must be between 1 and the limit 10 of 'bucket': " + permits);
	}

	@Test
	void keysAreCountedIndependently() {
		exhaust("a");
		assertThat(this.limiter.tryAcquire("b").remaining()).isEqualTo(9);
		assertThat(this.limiter.tryAcquire("a").allowed()).isFalse();
	}

	@Test
	void wallClockStepsDoNotAffectTheBucket() {
		exhaust("k");
		this.clock.advance(Duration.ofMillis(30));
		Decision before = this.limiter.tryAcquire("k");
		this.clock.setWallTimeMillis(0);
		assertThat(this.limiter.tryAcquire("k")).isEqualTo(before);
		this.clock.setWallTimeMillis(Long.MAX_VALUE / 2);
		assertThat(this.limiter.tryAcquire("k")).isEqualTo(before);
	}

	@Test
	void worksWhenTheMonotonicReadingIsNegative() {
		ManualClock negative = new ManualClock();
		RateLimiter bucket = RateLimiters.local(this.limiter.policy(), new Clock() {

			@Override
			public long wallTimeMillis() {
				return negative.wallTimeMillis();
			}

			@Override
			public long monotonicNanos() {
				return Long.MIN_VALUE / 2 + negative.monotonicNanos();
			}

		});
		bucket.tryAcquire("k", 10);
		assertThat(bucket.tryAcquire("k").allowed()).isFalse();
		negative.advance(T);
		assertThat(bucket.tryAcquire("k")).isEqualTo(Decision.allowed(10, 0, Duration.ofSeconds(1).toNanos()));
	}

	private void exhaust(String key) {
		assertThat(this.limiter.tryAcquire(key, 10).allowed()).isTrue();
	}

}
