package dev.weir.gossip.simulation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulationExtension}.
 */
@ExtendWith(SimulationExtension.class)
@SimulationSeed(17)
class SimulationExtensionTests {

	@Test
	@SimulationSeed(42)
	void methodSeedWinsUnlessPropertyReplaysAnother(Simulation simulation) {
		assertThat(simulation.seed()).isEqualTo(Simulation.seedFromSystemPropertyOr(42));
	}

	@Test
	void classSeedAppliesToMethodsWithoutOne(Simulation simulation) {
		assertThat(simulation.seed()).isEqualTo(Simulation.seedFromSystemPropertyOr(17));
	}

	@Test
	void everySimulationOfOneTestGetsSameSeed(Simulation one, Simulation two) {
		assertThat(one).isNotSameAs(two);
		assertThat(one.seed()).isEqualTo(two.seed());
	}

}
