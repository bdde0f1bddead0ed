package dev.weir.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.weir.gossip.simulation.LinkConditions;
import dev.weir.gossip.simulation.SimulatedNetwork;
import dev.weir.gossip.simulation.Simulation;
import dev.weir.gossip.simulation.SimulationExtension;
import dev.weir.gossip.wire.NodeState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of nodes on virtual time. Each test prints what it measured in probe periods
 * (LAN: 1 s), next to what SWIM with Lifeguard predicts.
 */
@ExtendWith(SimulationExtension.class)
class LargeClusterSimulationTests {

	private static final int NODES = 200;

	@Test
	void twoHundredNodesJoinAndConverge(Simulation simulation) {
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, new SimulatedNetwork(simulation, LinkConditions.lan()));
		cluster.startAndJoin(NODES, Duration.ofMillis(50));
		Duration joined = simulation.now();
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(5))).isTrue();
		report("converged %d nodes %.1f periods after the last join", NODES, periods(simulation.now().minus(joined)));
	}

	@Test
	void aCrashedNodeIsDeclaredDeadEverywhereWithinTheLifeguardBound(Simulation simulation) {
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, new SimulatedNetwork(simulation, LinkConditions.lan()));
		cluster.startAndJoin(NODES, Duration.ofMillis(50));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(5))).isTrue();
		String victim = SimulatedCluster.name(NODES / 2);
		cluster.crash(victim);
		Duration crashed = simulation.now();
		// Suspicion starts at the first failed probe (about one period: every member probes
		// one node a period), shrinks towards its minimum as others confirm, and can never
		// exceed its maximum; dissemination then takes O(log n) gossip rounds.
		Duration min = Suspicion.minimumTimeout(4, NODES, Duration.ofSeconds(1));
		Duration bound = Duration.ofSeconds(3).plus(min.multipliedBy(6)).plusSeconds(5);
		assertThat(simulation.runUntil(() -> cluster.everyoneSees(victim, NodeState.DEAD), bound)).isTrue();
		report("crash of 1 in %d detected everywhere after %.1f periods (suspicion min %.1f, max %.1f periods)", NODES,
				periods(simulation.now().minus(crashed)), periods(min), periods(min.multipliedBy(6)));
	}

	@Test
	void atTenPercentPacketLossNoLiveNodeIsEverDeclaredDead(Simulation simulation) {
		SimulatedNetwork network = new SimulatedNetwork(simulation, LinkConditions.lan());
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, network);
		cluster.startAndJoin(50, Duration.ofMillis(50));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(2))).isTrue();
		network.setDefaults(LinkConditions.lan().withLoss(0.10));
		FalseAlarms alarms = new FalseAlarms(cluster);
		for (int minute = 0; minute < 10; minute++) {
			simulation.runFor(Duration.ofMinutes(1));
			alarms.check();
		}
		assertThat(alarms.seen).as("members declared dead while alive").isEmpty();
	}

	@Test
	void aPartitionSplitsTheMembershipAndItHealsAfterRepair(Simulation simulation) {
		SimulatedNetwork network = new SimulatedNetwork(simulation, LinkConditions.lan());
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, network);
		cluster.startAndJoin(20, Duration.ofMillis(50));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(2))).isTrue();
		Set<String> left = IntStream.range(0, 10).mapToObj(SimulatedCluster::name).collect(Collectors.toSet());
		Set<String> right = IntStream.range(10, 20).mapToObj(SimulatedCluster::name).collect(Collectors.toSet());
		network.partition(left, right);
		assertThat(simulation.runUntil(() -> left.stream().allMatch((name) -> cluster.everyoneIn(right).sees(name,
				NodeState.DEAD)), Duration.ofMinutes(2))).isTrue();
		network.heal();
		Duration healed = simulation.now();
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(3))).isTrue();
		report("partition of 20 into 10 + 10: converged %.1f periods after repair", periods(simulation.now().minus(healed)));
	}

	@Test
	void aNodeRestartedUnderTheSameNameRefutesItsDeathAndRejoins(Simulation simulation) {
		SimulatedNetwork network = new SimulatedNetwork(simulation, LinkConditions.lan());
		SimulatedCluster cluster = SimulatedCluster.lan(simulation, network);
		cluster.startAndJoin(10, Duration.ofMillis(50));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		String phoenix = SimulatedCluster.name(5);
		cluster.crash(phoenix);
		assertThat(simulation.runUntil(() -> cluster.everyoneSees(phoenix, NodeState.DEAD), Duration.ofMinutes(1)))
			.isTrue();
		cluster.start(phoenix).join(List.of(network.address(SimulatedCluster.name(0))));
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		assertThat(cluster.node(SimulatedCluster.name(0))
			.members()
			.stream()
			.filter((member) -> member.name().equals(phoenix))
			.findFirst()
			.orElseThrow()
			.incarnation()).isGreaterThan(1);
	}

	private static double periods(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static void report(String format, Object... args) {
		System.out.println("[simulation] " + String.format(format, args));
	}

	private static final class FalseAlarms {

		private final SimulatedCluster cluster;

		private final List<String> seen = new ArrayList<>();

		FalseAlarms(SimulatedCluster cluster) {
			this.cluster = cluster;
		}

		void check() {
			for (GossipNode node : this.cluster.running()) {
				node.members()
					.stream()
					.filter((member) -> member.state() == NodeState.DEAD)
					.forEach((member) -> this.seen.add(node.name() + " saw " + member.name() + " dead"));
			}
		}

	}

}
