package dev.weir.spring.limit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.limit.WeirRateLimitProperties.Limit;
import dev.weir.spring.limit.WeirRateLimitProperties.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LimitPoliciesTests {

	@Test
	void aLimitBecomesAPolicyWithFixedWindowAndOneSecondByDefault() {
		Limit limit = new Limit();
		limit.setLimit(7L);
		assertThat(LimitPolicies.from("demo", limit)).isEqualTo(new LimitPolicy("demo", 7, Duration.ofSeconds(1),
				Algorithm.FIXED_WINDOW, LimitPolicy.DEFAULT_MAX_KEYS));
	}

	@Test
	void aMissingLimitIsNamed() {
		assertInvalid(new Limit(), "weir.limits.demo.limit");
	}

	@Test
	void aZeroLimitIsNamed() {
		Limit limit = new Limit();
		limit.setLimit(0L);
		assertInvalid(limit, "weir.limits.demo.limit");
	}

	@Test
	void aLimitAboveTheMaximumIsNamed() {
		Limit limit = new Limit();
		limit.setLimit(LimitPolicy.MAX_LIMIT + 1);
		assertInvalid(limit, "weir.limits.demo.limit");
	}

	@Test
	void aZeroWindowIsNamed() {
		assertInvalid(limit(Duration.ZERO), "weir.limits.demo.window");
	}

	@Test
	void aWindowWithAFractionOfAMillisecondIsNamed() {
		assertInvalid(limit(Duration.ofNanos(1_500_000)), "weir.limits.demo.window");
	}

	@Test
	void aWindowAboveTheMaximumIsNamed() {
		assertInvalid(limit(LimitPolicy.MAX_WINDOW.plusMillis(1)), "weir.limits.demo.window");
	}

	@Test
	void zeroMaxKeysIsNamed() {
		Limit limit = limit(Duration.ofSeconds(1));
		limit.setMaxKeys(0);
		assertInvalid(limit, "weir.limits.demo.max-keys");
	}

	@Test
	void aTokenBucketWithClusterScopeIsNamedWithTheFix() {
		Limit limit = limit(Duration.ofSeconds(1));
		limit.setScope(Scope.CLUSTER);
		limit.setAlgorithm(Algorithm.TOKEN_BUCKET);
		assertThatExceptionOfType(InvalidWeirPropertyException.class)
			.isThrownBy(() -> LimitPolicies.from("demo", limit))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("weir.limits.demo.algorithm");
				assertThat(ex.getValue()).isEqualTo("token-bucket");
				assertThat(ex.getAction()).contains("sliding-window");
			});
	}

	@Test
	void aSlidingWindowMayBeSharedByTheCluster() {
		Limit limit = limit(Duration.ofSeconds(1));
		limit.setScope(Scope.CLUSTER);
		limit.setAlgorithm(Algorithm.SLIDING_WINDOW);
		assertThat(LimitPolicies.from("demo", limit).algorithm()).isEqualTo(Algorithm.SLIDING_WINDOW);
	}

	@Test
	void aFederatedLimiterThatDoesNotCountInFixedWindowsIsNamed() {
		Limit limit = limit(Duration.ofSeconds(1));
		limit.setScope(Scope.FEDERATED);
		limit.setAlgorithm(Algorithm.TOKEN_BUCKET);
		assertInvalid(limit, "weir.limits.demo.algorithm");
	}

	private static Limit limit(Duration window) {
		Limit limit = new Limit();
		limit.setLimit(10L);
		limit.setWindow(window);
		return limit;
	}

	private static void assertInvalid(Limit limit, String property) {
		assertThatExceptionOfType(InvalidWeirPropertyException.class)
			.isThrownBy(() -> LimitPolicies.from("demo", limit))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(property);
				assertThat(ex.getAction()).contains(property);
			});
	}

}
