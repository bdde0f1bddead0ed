package dev.weir.gossip;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.weir.gossip.simulation.LinkConditions;
import dev.weir.gossip.simulation.SimulatedNetwork;
import dev.weir.gossip.simulation.Simulation;
import dev.weir.gossip.simulation.SimulationExtension;
import dev.weir.gossip.wire.NodeState;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SimulationExtension.class)
class MembershipSimulationTests {

	@Test
	void fiveNodesJoiningThroughOneAllSeeEachOtherAlive(Simulation simulation) {
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, new SimulatedNetwork(simulation, LinkConditions.lan()));
		cluster.startAndJoin(5, Duration.ofMillis(100));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofSeconds(30))).isTrue();
	}

	@Test
	void aCrashedNodeIsDeclaredDeadByEveryOtherNode(Simulation simulation) {
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, new SimulatedNetwork(simulation, LinkConditions.lan()));
		cluster.startAndJoin(5, Duration.ofMillis(100));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofSeconds(30))).isTrue();
		String victim = SimulatedCluster.name(3);
		cluster.crash(victim);
		assertThat(simulation.runUntil(() -> cluster.everyoneSees(victim, NodeState.DEAD), Duration.ofSeconds(60)))
			.isTrue();
	}

	@Test
	void aLeavingNodeIsSeenAsLeftByEveryOtherNode(Simulation simulation) {
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, new SimulatedNetwork(simulation, LinkConditions.lan()));
		cluster.startAndJoin(5, Duration.ofMillis(100));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofSeconds(30))).isTrue();
		String leaver = SimulatedCluster.name(2);
		cluster.node(leaver).leave(Duration.ofSeconds(5));
		simulation.runFor(Duration.ofSeconds(5));
		cluster.crash(leaver);
		assertThat(simulation.runUntil(() -> cluster.everyoneSees(leaver, NodeState.LEFT), Duration.ofSeconds(30)))
			.isTrue();
	}

}
