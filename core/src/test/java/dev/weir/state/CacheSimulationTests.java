package dev.weir.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.weir.gossip.simulation.LinkConditions;
import dev.weir.gossip.simulation.SimulatedNetwork;
import dev.weir.gossip.simulation.Simulation;
import dev.weir.gossip.simulation.SimulationExtension;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.state.cache.ReplicatedCache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty nodes write and delete cache entries concurrently over a lossy network split in two:
 * after the heal and quiescence every node holds the same entries, and a write made after
 * everyone has seen the earlier ones wins everywhere.
 */
@ExtendWith(SimulationExtension.class)
class CacheSimulationTests {

	private static final int NODES = 50;

	private static final int KEYS = 40;

	private static final LinkConditions LOSSY = LinkConditions.lan()
		.withLoss(0.05)
		.withDelay(Duration.ofMillis(5))
		.withJitter(Duration.ofMillis(20))
		.withDuplication(0.01);

	@Test
	void concurrentWritesAcrossAPartitionConvergeToOneValuePerKeyEverywhere(Simulation simulation) {
		SimulatedNetwork network = new SimulatedNetwork(simulation, LinkConditions.lan());
		StatefulNodes cluster = new StatefulNodes(simulation, network,
				LimitPolicy.of("api", 10, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW));
		cluster.startAndJoin(NODES);
		assertThat(simulation.runUntil(cluster::converged, Duration.ofMinutes(2))).isTrue();
		network.setDefaults(LOSSY);
		Set<String> half = new HashSet<>();
		for (int i = 0; i < NODES / 2; i++) {
			half.add(StatefulNodes.name(i));
		}
		network.partition(half);
		List<StatefulNodes.Node> nodes = new ArrayList<>(cluster.nodes.values());
		SplittableRandom random = simulation.random("writes");
		for (int i = 0; i < 2_000; i++) {
			StatefulNodes.Node node = nodes.get(random.nextInt(nodes.size()));
			String key = "user-" + random.nextInt(KEYS);
			if (random.nextInt(10) == 0) {
				node.cache().evict(key);
			}
			else {
				node.cache().put(key, bytes(node.name() + "#" + i));
			}
			simulation.runFor(Duration.ofMillis(10));
		}
		network.heal();
		simulation.runFor(Duration.ofMinutes(4));
		Map<String, String> reference = contents(nodes.get(0).cache());
		assertThat(reference).isNotEmpty();
		for (StatefulNodes.Node node : nodes) {
			assertThat(contents(node.cache())).as(node.name()).isEqualTo(reference);
		}
		// A write made once every node has seen the others is the last writer, everywhere.
		StatefulNodes.Node last = nodes.get(random.nextInt(nodes.size()));
		last.cache().put("user-0", bytes("final"));
		simulation.runFor(Duration.ofMinutes(2));
		for (StatefulNodes.Node node : nodes) {
			assertThat(node.cache().get("user-0").map(CacheSimulationTests::text)).as(node.name()).hasValue("final");
		}
	}

	private static Map<String, String> contents(ReplicatedCache cache) {
		Map<String, String> contents = new TreeMap<>();
		for (int k = 0; k < KEYS; k++) {
			Optional<byte[]> value = cache.get("user-" + k);
			contents.put("user-" + k, value.map(CacheSimulationTests::text).orElse("(none)"));
		}
		return contents;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
