package dev.weir.gossip;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AwarenessTests {

	@Test
	void aHealthyNodeUsesTheTimeoutAsIs() {
		assertThat(new Awareness(8).scale(Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void eachPointOfScoreAddsOneTimeout() {
		Awareness awareness = new Awareness(8);
		awareness.apply(2);
		assertThat(awareness.scale(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void theScoreStaysBetweenZeroAndTheMaximumMinusOne() {
		Awareness awareness = new Awareness(8);
		awareness.apply(-3);
		assertThat(awareness.score()).isZero();
		awareness.apply(100);
		assertThat(awareness.score()).isEqualTo(7);
	}

}
