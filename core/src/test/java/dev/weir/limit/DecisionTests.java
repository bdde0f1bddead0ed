package dev.weir.limit;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Decision}: its invariants and the whole-second values HTTP fields carry.
 */
class DecisionTests {

	@Test
	void allowedDecisionGrantsWithoutRetryDelay() {
		Decision decision = Decision.allowed(10, 3, 2_000);
		assertThat(decision).isEqualTo(new Decision(true, 10, 3, 2_000, 0));
		assertThat(decision.retryAfter()).isEqualTo(Duration.ZERO);
	}

	@Test
	void deniedDecisionKeepsItsValues() {
		Decision decision = Decision.denied(10, 1, 5_000, 700);
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.limit()).isEqualTo(10);
		assertThat(decision.remaining()).isEqualTo(1);
		assertThat(decision.resetAfterNanos()).isEqualTo(5_000);
		assertThat(decision.retryAfterNanos()).isEqualTo(700);
	}

	@Test
	void durationsCarryTheNanoseconds() {
		Decision decision = Decision.denied(10, 0, 1_500_000_001L, 2_000_000_003L);
		assertThat(decision.resetAfter()).isEqualTo(Duration.ofNanos(1_500_000_001L));
		assertThat(decision.retryAfter()).isEqualTo(Duration.ofNanos(2_000_000_003L));
	}

	@Test
	void rejectsNegativeRemaining() {
		assertThatIllegalArgumentException().isThrownBy(() -> Decision.allowed(10, -1, 0))
			.withMessageContaining("remaining")
			.withMessageEndingWith(": -1");
	}

	@Test
	void rejectsNegativeResetDelay() {
		assertThatIllegalArgumentException().isThrownBy(() -> Decision.denied(10, 0, -5, 1))
			.withMessageContaining("resetAfterNanos")
			.withMessageEndingWith(": -5");
	}

	@Test
	void rejectsNegativeRetryDelay() {
		assertThatIllegalArgumentException().isThrownBy(() -> Decision.denied(10, 0, 5, -3))
			.withMessageContaining("retryAfterNanos")
			.withMessageEndingWith(": -3");
	}

	@Test
	void rejectsAllowedDecisionWithRetryDelay() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Decision(true, 10, 1, 5, 1))
			.withMessageContaining("retryAfterNanos");
	}

	@ParameterizedTest(name = "{0} ns -> {1} s")
	@CsvSource({
		"0, 0",
		"1, 1",
		"999999999, 1",
		"1000000000, 1",
		"1000000001, 2",
		"2500000000, 3",
		"60000000000, 60",
	})
	void resetAfterSecondsRoundsUp(long nanos, long seconds) {
		assertThat(Decision.allowed(10, 0, nanos).resetAfterSeconds()).isEqualTo(seconds);
	}

	@ParameterizedTest(name = "{0} ns -> {1} s")
	@CsvSource({
		"1, 1",
		"999999999, 1",
		"1000000000, 1",
		"1000000001, 2",
		"2999999999, 3",
		"3000000000, 3",
	})
	void retryAfterSecondsOfADenialRoundsUp(long nanos, long seconds) {
		assertThat(Decision.denied(10, 0, nanos, nanos).retryAfterSeconds()).isEqualTo(seconds);
	}

	@Test
	void retryAfterSecondsOfADenialIsAtLeastOne() {
		assertThat(Decision.denied(10, 0, 0, 0).retryAfterSeconds()).isEqualTo(1);
	}

	@Test
	void retryAfterSecondsIsZeroWhenAllowed() {
		assertThat(Decision.allowed(10, 9, 3_000_000_000L).retryAfterSeconds()).isZero();
	}

	@Test
	void waitingRetryAfterSecondsIsNeverTooEarly() {
		for (long nanos : new long[] { 1, 499_999_999, 1_000_000_000, 1_000_000_001, 7_654_321_000L }) {
			Decision decision = Decision.denied(10, 0, nanos, nanos);
			assertThat(decision.retryAfterSeconds() * 1_000_000_000L).isGreaterThanOrEqualTo(nanos)
				.isLessThan(nanos + 1_000_000_000L);
		}
	}

}
