package dev.weir.gossip;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.weir.gossip.simulation.LinkConditions;
import dev.weir.gossip.simulation.SimulatedNetwork;
import dev.weir.gossip.simulation.Simulation;
import dev.weir.gossip.simulation.SimulationExtension;
import dev.weir.gossip.wire.NodeState;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SimulationExtension.class)
class DeadNodeReclaimSimulationTests {

	private static final String VICTIM = SimulatedCluster.name(3);

	@Test
	void aDeadNodesNameIsTakenByANewAddressOnceTheReclaimTimeHasPassed(Simulation simulation) {
		SimulatedNetwork network = new SimulatedNetwork(simulation, LinkConditions.lan());
		SimulatedCluster cluster = new SimulatedCluster(simulation, network,
				(name) -> GossipConfig.of(name, Profile.LAN).withDeadNodeReclaimTime(Duration.ofSeconds(5)));
		crashAndRestartElsewhere(simulation, network, cluster);
		InetSocketAddress moved = network.address("new-host");
		// Well before the dead member is forgotten (gossip-to-the-dead time, 30 s), so this is a reclaim.
		assertThat(simulation.runUntil(() -> everyoneSeesAliveAt(cluster, moved), Duration.ofSeconds(15))).isTrue();
	}

	@Test
	void withoutAReclaimTimeADeadNodesNameIsNotTakenWhileItIsRemembered(Simulation simulation) {
		SimulatedNetwork network = new SimulatedNetwork(simulation, LinkConditions.lan());
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, network);
		crashAndRestartElsewhere(simulation, network, cluster);
		InetSocketAddress moved = network.address("new-host");
		simulation.runFor(Duration.ofSeconds(10));
		GossipNode observer = cluster.node(SimulatedCluster.name(0));
		Member victim = observer.members().stream().filter((m) -> m.name().equals(VICTIM)).findFirst().orElseThrow();
		assertThat(victim.address()).isNotEqualTo(moved);
		assertThat(victim.state()).isEqualTo(NodeState.DEAD);
	}

	private static void crashAndRestartElsewhere(Simulation simulation, SimulatedNetwork network,
			SimulatedCluster cluster) {
		cluster.startAndJoin(6, Duration.ofMillis(50));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		cluster.crash(VICTIM);
		assertThat(simulation.runUntil(() -> cluster.everyoneSees(VICTIM, NodeState.DEAD), Duration.ofMinutes(1)))
			.isTrue();
		simulation.runFor(Duration.ofSeconds(6));
		cluster.startOn(VICTIM, "new-host").join(List.of(network.address(SimulatedCluster.name(0))));
	}

	private static boolean everyoneSeesAliveAt(SimulatedCluster cluster, InetSocketAddress address) {
		return cluster.running()
			.stream()
			.filter((node) -> !node.name().equals(VICTIM))
			.allMatch((node) -> node.members()
				.stream()
				.anyMatch((m) -> m.name().equals(VICTIM) && m.state() == NodeState.ALIVE && m.address().equals(address)));
	}

}
