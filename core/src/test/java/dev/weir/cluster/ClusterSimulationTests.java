package dev.weir.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.weir.gossip.simulation.LinkConditions;
import dev.weir.gossip.simulation.SimulatedNetwork;
import dev.weir.gossip.simulation.Simulation;
import dev.weir.gossip.simulation.SimulationExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SimulationExtension.class)
class ClusterSimulationTests {

	@Test
	void aUserEventReachesEveryMemberOfFiveHundredWithinALogarithmicNumberOfRounds(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults()).withoutCompression();
		cluster.startAndJoin(500);
		// A member that missed a joiner's alive in the join storm learns of it at the latest
		// from push-pull, every 150 s at this size.
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(10))).isTrue();
		// Let the join gossip drain: memberlist's own messages take a packet's room before
		// serf's, as in memberlist.
		simulation.runFor(Duration.ofSeconds(30));
		Duration sent = simulation.now();
		cluster.nodes.get(SimulatedClusterNodes.name(7)).sendUserEvent("deploy", bytes("v2"), false);
		// Gossip is an epidemic: almost every member hears the event within a few rounds; one
		// that every retransmission happened to miss gets it from the event buffer in the next
		// push-pull.
		assertThat(simulation.runUntil(() -> reached(cluster, "deploy") >= 495, Duration.ofSeconds(30))).isTrue();
		double rounds = simulation.now().minus(sent).toMillis() / 200.0;
		assertThat(simulation.runUntil(() -> reached(cluster, "deploy") == 500, Duration.ofMinutes(5))).isTrue();
		double all = simulation.now().minus(sent).toMillis() / 200.0;
		System.out.printf("[simulation] user event reached 99%% of 500 members in %.1f gossip rounds, all in %.1f"
				+ " (log2(500) = %.1f)%n", rounds, all, Math.log(500) / Math.log(2));
		assertThat(rounds).isLessThan(4 * Math.log(500) / Math.log(2));
		assertThat(cluster.received.values()).allSatisfy((events) -> assertThat(events).hasSize(1));
	}

	@Test
	void eventClocksAgreeAfterQuiescence(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults());
		cluster.startAndJoin(20);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		for (int i = 0; i < 20; i++) {
			cluster.nodes.get(SimulatedClusterNodes.name(i)).sendUserEvent("tick", bytes("" + i), true);
		}
		simulation.runFor(Duration.ofMinutes(2));
		long time = cluster.nodes.get(SimulatedClusterNodes.name(0)).eventTime();
		assertThat(cluster.nodes.values()).allSatisfy((member) -> assertThat(member.eventTime()).isEqualTo(time));
		assertThat(cluster.received.values()).allSatisfy((events) -> assertThat(events).hasSize(20));
	}

	@Test
	void aMemberThatLeavesIsLeftEverywhere(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults());
		cluster.startAndJoin(10);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		String leaver = SimulatedClusterNodes.name(4);
		cluster.nodes.get(leaver).leave(Duration.ofSeconds(5));
		simulation.runFor(Duration.ofSeconds(12));
		cluster.crash(leaver);
		assertThat(simulation.runUntil(() -> cluster.all((member) -> SimulatedClusterNodes.sees(member, leaver,
				MemberStatus.LEFT)), Duration.ofSeconds(30))).isTrue();
	}

	@Test
	void aFailedMemberIsRemovedEverywhereAfterTheReconnectTimeout(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults());
		cluster.startAndJoin(10);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		String victim = SimulatedClusterNodes.name(6);
		cluster.crash(victim);
		assertThat(simulation.runUntil(() -> cluster.all((member) -> SimulatedClusterNodes.sees(member, victim,
				MemberStatus.FAILED)), Duration.ofMinutes(1))).isTrue();
		Duration failed = simulation.now();
		assertThat(simulation.runUntil(() -> cluster.all((member) -> SimulatedClusterNodes.forgot(member, victim)),
				Duration.ofMinutes(2))).isTrue();
		assertThat(simulation.now().minus(failed)).isGreaterThanOrEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void aLateJoinerThatAsksForReplayReceivesTheBufferedEvents(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults());
		cluster.startAndJoin(5);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		cluster.nodes.get(SimulatedClusterNodes.name(0)).sendUserEvent("deploy", bytes("v1"), false);
		cluster.nodes.get(SimulatedClusterNodes.name(1)).sendUserEvent("restart", bytes("web"), false);
		simulation.runFor(Duration.ofMinutes(1));
		String late = "late";
		cluster.start(late).join(List.of(cluster.network.address(SimulatedClusterNodes.name(2))), true);
		simulation.runFor(Duration.ofSeconds(5));
		assertThat(cluster.received.get(late)).extracting(ClusterEvent::name).containsExactlyInAnyOrder("deploy", "restart");
	}

	@Test
	void aLateJoinerWithoutReplayIgnoresOldEvents(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults());
		cluster.startAndJoin(5);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		cluster.nodes.get(SimulatedClusterNodes.name(0)).sendUserEvent("deploy", bytes("v1"), false);
		simulation.runFor(Duration.ofMinutes(1));
		String late = "late";
		cluster.start(late).join(List.of(cluster.network.address(SimulatedClusterNodes.name(2))), false);
		simulation.runFor(Duration.ofSeconds(5));
		assertThat(cluster.received.get(late)).isEmpty();
		cluster.nodes.get(SimulatedClusterNodes.name(3)).sendUserEvent("fresh", bytes("x"), false);
		simulation.runFor(Duration.ofSeconds(5));
		assertThat(cluster.received.get(late)).extracting(ClusterEvent::name).containsExactly("fresh");
	}

	@Test
	void theEventBufferNeverHoldsMoreThanItsSize(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults().withEventBufferSize(16));
		cluster.startAndJoin(3);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		Cluster sender = cluster.nodes.get(SimulatedClusterNodes.name(0));
		for (int i = 0; i < 100; i++) {
			sender.sendUserEvent("e" + i, bytes("" + i), false);
			simulation.runFor(Duration.ofMillis(100));
		}
		simulation.runFor(Duration.ofSeconds(10));
		assertThat(cluster.nodes.values()).allSatisfy((member) -> assertThat(member.bufferedEvents()).isLessThanOrEqualTo(16));
	}

	private static long reached(SimulatedClusterNodes cluster, String name) {
		return cluster.received.values()
			.stream()
			.filter((events) -> events.stream().anyMatch((event) -> event.name().equals(name)))
			.count();
	}

	private static SimulatedClusterNodes cluster(Simulation simulation, ClusterConfig config) {
		return new SimulatedClusterNodes(simulation, new SimulatedNetwork(simulation, LinkConditions.lan()), config);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
