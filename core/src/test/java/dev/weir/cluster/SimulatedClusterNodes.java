package dev.weir.cluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.weir.discovery.SeedProvider;
import dev.weir.gossip.GossipConfig;
import dev.weir.gossip.Profile;
import dev.weir.gossip.simulation.SimulatedNetwork;
import dev.weir.gossip.simulation.SimulatedNode;
import dev.weir.gossip.simulation.Simulation;

/**
 * Cluster members on a simulated network, each with a listener that records its events.
 */
final class SimulatedClusterNodes {

	final Simulation simulation;

	final SimulatedNetwork network;

	private final ClusterConfig config;

	private boolean compression = true;

	private @Nullable Duration rejoinInterval;

	private List<String> seeds = List.of();

	final Map<String, Cluster> nodes = new LinkedHashMap<>();

	final Map<String, List<ClusterEvent>> received = new LinkedHashMap<>();

	SimulatedClusterNodes(Simulation simulation, SimulatedNetwork network, ClusterConfig config) {
		this.simulation = simulation;
		this.network = network;
		this.config = config;
	}

	/**
	 * Turns packet compression off for nodes started from now on: it costs the single thread of
	 * a large simulation more than it tells.
	 */
	SimulatedClusterNodes withoutCompression() {
		this.compression = false;
		return this;
	}

	/**
	 * Has nodes started from now on re-join these seeds periodically, as discovery would give
	 * them.
	 */
	SimulatedClusterNodes withRejoin(Duration interval, List<String> seeds) {
		this.rejoinInterval = interval;
		this.seeds = List.copyOf(seeds);
		return this;
	}

	static String name(int index) {
		return String.format("member-%03d", index);
	}

	Cluster start(String name) {
		SimulatedNode host = this.network.start(name);
		List<ClusterEvent> events = new ArrayList<>();
		this.received.put(name, events);
		Cluster cluster = new Cluster(GossipConfig.of(name, Profile.LAN).withCompression(this.compression), this.config, host.transport(),
				host.scheduler(), host.clock(), host.random(), host.random().split(), new ClusterListener() {

					@Override
					public void userEvent(ClusterEvent event) {
						events.add(event);
					}

				});
		cluster.start();
		if (this.rejoinInterval != null) {
			List<InetSocketAddress> addresses = this.seeds.stream().map(this.network::address).toList();
			cluster.rejoinFrom(SeedProvider.of(addresses), this.rejoinInterval);
		}
		this.nodes.put(name, cluster);
		return cluster;
	}

	void startAndJoin(int count) {
		start(name(0));
		for (int i = 1; i < count; i++) {
			start(name(i)).join(List.of(this.network.address(name(0))), false);
			this.simulation.runFor(Duration.ofMillis(50));
		}
	}

	void crash(String name) {
		this.network.crash(name);
		this.nodes.remove(name);
	}

	boolean all(Predicate<Cluster> condition) {
		return this.nodes.values().stream().allMatch(condition);
	}

	static boolean sees(Cluster cluster, String name, MemberStatus status) {
		return cluster.members().stream().anyMatch((m) -> m.name().equals(name) && m.status() == status);
	}

	static boolean forgot(Cluster cluster, String name) {
		return cluster.members().stream().noneMatch((m) -> m.name().equals(name));
	}

	boolean converged() {
		int size = this.nodes.size();
		return all((cluster) -> cluster.members().stream().filter((m) -> m.status() == MemberStatus.ALIVE).count() == size);
	}

}
