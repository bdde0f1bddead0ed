package dev.weir.gossip;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SuspicionTests {

	private static final Duration SECOND = Duration.ofSeconds(1);

	@Test
	void theMinimumTimeoutOfASmallLanClusterIsFourProbeIntervals() {
		assertThat(Suspicion.minimumTimeout(4, 3, SECOND)).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void theMinimumTimeoutGrowsWithTheLogarithmOfTheClusterSize() {
		assertThat(Suspicion.minimumTimeout(4, 100, SECOND)).isEqualTo(Duration.ofSeconds(8));
		assertThat(Suspicion.minimumTimeout(4, 200, SECOND)).isEqualTo(Duration.ofMillis(9204));
	}

	@Test
	void aClusterTooSmallToConfirmExpectsNoConfirmations() {
		assertThat(Suspicion.expectedConfirmations(4, 3)).isZero();
		assertThat(Suspicion.expectedConfirmations(4, 4)).isEqualTo(2);
	}

	@Test
	void withoutExpectedConfirmationsTheTimeoutIsTheMinimum() {
		Suspicion suspicion = new Suspicion("alpha", 0, Duration.ofSeconds(4), Duration.ofSeconds(24), 0);
		assertThat(suspicion.deadlineNanos()).isEqualTo(Duration.ofSeconds(4).toNanos());
	}

	@Test
	void confirmationsShrinkTheTimeoutFromTheMaximumToTheMinimum() {
		Suspicion suspicion = new Suspicion("alpha", 2, Duration.ofSeconds(4), Duration.ofSeconds(24), 0);
		assertThat(suspicion.timeoutMillis()).isEqualTo(24_000);
		assertThat(suspicion.confirm("beta")).isTrue();
		assertThat(suspicion.timeoutMillis()).isEqualTo(24_000 - (long) Math.ceil(Math.log(2) / Math.log(3) * 20_000));
		assertThat(suspicion.confirm("gamma")).isTrue();
		assertThat(suspicion.timeoutMillis()).isEqualTo(4_000);
	}

	@Test
	void theAccuserAndRepeatedAccusersAreNotConfirmations() {
		Suspicion suspicion = new Suspicion("alpha", 2, Duration.ofSeconds(4), Duration.ofSeconds(24), 0);
		assertThat(suspicion.confirm("alpha")).isFalse();
		assertThat(suspicion.confirm("beta")).isTrue();
		assertThat(suspicion.confirm("beta")).isFalse();
		assertThat(suspicion.confirmations()).isEqualTo(1);
	}

	@Test
	void confirmationsBeyondTheExpectedOnesAreIgnored() {
		Suspicion suspicion = new Suspicion("alpha", 1, Duration.ofSeconds(4), Duration.ofSeconds(24), 0);
		assertThat(suspicion.confirm("beta")).isTrue();
		assertThat(suspicion.confirm("gamma")).isFalse();
	}

	@Test
	void theDeadlineCountsFromTheStartOfTheSuspicion() {
		Suspicion suspicion = new Suspicion("alpha", 0, Duration.ofSeconds(4), Duration.ofSeconds(24), 5_000);
		assertThat(suspicion.deadlineNanos()).isEqualTo(5_000 + Duration.ofSeconds(4).toNanos());
	}

}
