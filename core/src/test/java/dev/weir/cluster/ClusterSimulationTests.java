package dev.weir.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

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
		// Convergence costs 500 × 500 to check: once per virtual second, not after every event.
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(10), Duration.ofSeconds(1))).isTrue();
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
			assertThat(cluster.nodes.values()).allSatisfy((member) -> assertThat(member.bufferedEvents()).isLessThanOrEqualTo(16));
		}
		simulation.runFor(Duration.ofSeconds(10));
		assertThat(cluster.nodes.values()).allSatisfy((member) -> assertThat(member.bufferedEvents()).isEqualTo(16));
		// What is kept is the newest: a joiner that asks for replay gets exactly the last 16.
		cluster.start("late").join(List.of(cluster.network.address(SimulatedClusterNodes.name(1))), true);
		simulation.runFor(Duration.ofSeconds(5));
		assertThat(cluster.received.get("late")).extracting(ClusterEvent::name)
			.containsExactlyInAnyOrderElementsOf(IntStream.range(84, 100).mapToObj((i) -> "e" + i).toList());
	}

	/**
	 * Join intents move the member clock; push-pull then carries the highest time everywhere.
	 * Without left members: serf 0.9.4 merges a left member from push-pull as a leave intent one
	 * past its status time (delegate.go MergeRemoteState), so each push-pull raises that time
	 * and the clocks with it for as long as the tombstone is kept; Weir does as serf does.
	 */
	@Test
	void memberClocksAgreeAfterQuiescence(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults());
		cluster.startAndJoin(20);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		cluster.start("late").join(List.of(cluster.network.address(SimulatedClusterNodes.name(9))), false);
		simulation.runFor(Duration.ofMinutes(5));
		long time = cluster.nodes.get("late").memberTime();
		assertThat(time).as("moved by the joins").isGreaterThan(2);
		assertThat(cluster.nodes.values()).allSatisfy((member) -> assertThat(member.memberTime()).isEqualTo(time));
		simulation.runFor(Duration.ofMinutes(5));
		assertThat(cluster.nodes.values()).allSatisfy((member) -> assertThat(member.memberTime()).isEqualTo(time));
	}

	@Test
	void aThirtyMinutePartitionHealsByThePeriodicRejoinWithNoMemberLost(Simulation simulation) {
		List<String> seeds = List.of(SimulatedClusterNodes.name(0), SimulatedClusterNodes.name(5));
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults())
			.withRejoin(Duration.ofSeconds(30), seeds);
		cluster.startAndJoin(10);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		Set<String> left = new HashSet<>();
		Set<String> right = new HashSet<>();
		for (int i = 0; i < 10; i++) {
			(i < 5 ? left : right).add(SimulatedClusterNodes.name(i));
		}
		cluster.network.partition(left, right);
		simulation.runFor(Duration.ofMinutes(30));
		// Longer than the reconnect timeout: each half has forgotten the other, so serf's
		// reconnect no longer tries it, and only re-joining the seeds can heal the split.
		assertThat(cluster.nodes.values()).allSatisfy((member) -> assertThat(member.members())
			.extracting(ClusterMember::name)
			.containsExactlyInAnyOrderElementsOf(left.contains(member.gossip().name()) ? left : right));
		cluster.network.heal();
		Duration healed = simulation.now();
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(5))).isTrue();
		System.out.printf("[simulation] 10 members whole again %d s after a 30-minute partition healed%n",
				simulation.now().minus(healed).toSeconds());
		simulation.runFor(Duration.ofMinutes(2));
		assertThat(cluster.nodes.values()).allSatisfy((member) -> assertThat(member.members())
			.allSatisfy((seen) -> assertThat(seen.status()).isEqualTo(MemberStatus.ALIVE))
			.hasSize(10));
	}

	@Test
	void withoutRejoinAThirtyMinutePartitionStaysSplit(Simulation simulation) {
		SimulatedClusterNodes cluster = cluster(simulation, ClusterConfig.defaults());
		cluster.startAndJoin(6);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(1))).isTrue();
		Set<String> left = Set.of(SimulatedClusterNodes.name(0), SimulatedClusterNodes.name(1), SimulatedClusterNodes.name(2));
		Set<String> right = Set.of(SimulatedClusterNodes.name(3), SimulatedClusterNodes.name(4), SimulatedClusterNodes.name(5));
		cluster.network.partition(left, right);
		simulation.runFor(Duration.ofMinutes(30));
		cluster.network.heal();
		simulation.runFor(Duration.ofMinutes(5));
		assertThat(cluster.nodes.get(SimulatedClusterNodes.name(0)).members()).extracting(ClusterMember::name)
			.containsExactlyInAnyOrderElementsOf(left);
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
