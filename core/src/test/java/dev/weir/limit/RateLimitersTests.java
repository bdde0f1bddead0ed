package dev.weir.limit;

import java.time.Duration;

import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link RateLimiters}, the factory of in-memory limiters.
 */
class RateLimitersTests {

	@ParameterizedTest
	@CsvSource({
		"FIXED_WINDOW, dev.weir.limit.FixedWindowRateLimiter",
		"SLIDING_WINDOW, dev.weir.limit.SlidingWindowRateLimiter",
		"TOKEN_BUCKET, dev.weir.limit.TokenBucketRateLimiter",
	})
	void localCreatesTheLimiterOfThePolicysAlgorithm(Algorithm algorithm, Class<?> type) {
		LimitPolicy policy = LimitPolicy.of("api", 5, Duration.ofSeconds(1), algorithm);
		RateLimiter limiter = RateLimiters.local(policy, new ManualClock());
		assertThat(limiter).isExactlyInstanceOf(type);
		assertThat(limiter.policy()).isSameAs(policy);
	}

	@Test
	void localCreatesANewLimiterEachTime() {
		LimitPolicy policy = LimitPolicy.of("api", 5, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW);
		ManualClock clock = new ManualClock();
		assertThat(RateLimiters.local(policy, clock)).isNotSameAs(RateLimiters.local(policy, clock));
	}

	@Test
	void localOnTheSystemClockDecides() {
		RateLimiter limiter = RateLimiters.local(LimitPolicy.of("api", 1, Duration.ofHours(1), Algorithm.TOKEN_BUCKET));
		assertThat(limiter.tryAcquire("k").allowed()).isTrue();
		assertThat(limiter.tryAcquire("k").allowed()).isFalse();
	}

	@Test
	void localRejectsNullPolicy() {
		assertThatNullPointerException().isThrownBy(() -> RateLimiters.local(null, new ManualClock()))
			.withMessage("policy");
	}

	@Test
	void localRejectsNullClock() {
		LimitPolicy policy = LimitPolicy.of("api", 5, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW);
		assertThatNullPointerException().isThrownBy(() -> RateLimiters.local(policy, null)).withMessage("clock");
	}

}
