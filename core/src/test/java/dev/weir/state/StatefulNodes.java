package dev.weir.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.weir.cluster.Cluster;
import dev.weir.cluster.ClusterConfig;
import dev.weir.cluster.ClusterListener;
import dev.weir.cluster.ClusterMember;
import dev.weir.cluster.MemberStatus;
import dev.weir.gossip.GossipConfig;
import dev.weir.gossip.Profile;
import dev.weir.gossip.simulation.SimulatedNetwork;
import dev.weir.gossip.simulation.SimulatedNode;
import dev.weir.gossip.simulation.Simulation;
import dev.weir.limit.LimitPolicy;
import dev.weir.state.cache.CacheConfig;
import dev.weir.state.cache.ReplicatedCache;

/**
 * Cluster members on a simulated network, each replicating a {@link CounterStore} and a
 * {@link ReplicatedCache} with a {@link StateSync}, and limiting with a {@link ClusterRateLimiter}.
 */
final class StatefulNodes {

	static final Duration SYNC_INTERVAL = Duration.ofMillis(200);

	final Simulation simulation;

	final SimulatedNetwork network;

	final LimitPolicy policy;

	final Map<String, Node> nodes = new LinkedHashMap<>();

	StatefulNodes(Simulation simulation, SimulatedNetwork network, LimitPolicy policy) {
		this.simulation = simulation;
		this.network = network;
		this.policy = policy;
	}

	static String name(int index) {
		return String.format("node-%02d", index);
	}

	Node start(String name) {
		SimulatedNode host = this.network.isUp(name) ? this.network.restart(name) : this.network.start(name);
		Cluster cluster = new Cluster(GossipConfig.of(name, Profile.LAN).withCompression(false), ClusterConfig.defaults(),
				host.transport(), host.scheduler(), host.clock(), host.random(), host.random().split(),
				new ClusterListener() {
				});
		CounterStore store = new CounterStore(name, host.clock(), 10_000);
		StateSync sync = new StateSync(cluster, host.scheduler(), SYNC_INTERVAL, GossipConfig.DEFAULT_UDP_BUFFER_SIZE);
		sync.register(store);
		ReplicatedCache cache = new ReplicatedCache(CacheConfig.of("users", Duration.ofHours(1)), name, host.clock());
		sync.register(cache);
		cluster.start();
		sync.start();
		Node node = new Node(name, cluster, store, sync, store.limiter(this.policy), cache);
		this.nodes.put(name, node);
		return node;
	}

	void startAndJoin(int count) {
		start(name(0));
		for (int i = 1; i < count; i++) {
			start(name(i)).cluster.join(List.of(this.network.address(name(0))), false);
			this.simulation.runFor(Duration.ofMillis(50));
		}
	}

	void crash(String name) {
		this.network.crash(name);
		this.nodes.remove(name);
	}

	boolean converged() {
		int size = this.nodes.size();
		return this.nodes.values().stream().allMatch((node) -> alive(node.cluster) == size);
	}

	private static long alive(Cluster cluster) {
		return cluster.members().stream().map(ClusterMember::status).filter(MemberStatus.ALIVE::equals).count();
	}

	/**
	 * Returns the cluster-wide count of a key in a window as one node knows it.
	 */
	long count(Node node, String key, long window) {
		WindowCounter counter = node.store.counterSet("limit/" + this.policy.name(), this.policy.window()).find(key, window);
		return (counter != null) ? counter.total() : 0;
	}

	long windowIndex() {
		return Math.floorDiv(this.simulation.clock().wallTimeMillis(), this.policy.window().toMillis());
	}

	/**
	 * Runs the simulation to the start of the next window.
	 */
	void runToNextWindow() {
		long w = this.policy.window().toMillis();
		long now = this.simulation.clock().wallTimeMillis();
		this.simulation.runFor(Duration.ofMillis((Math.floorDiv(now, w) + 1) * w - now));
	}

	record Node(String name, Cluster cluster, CounterStore store, StateSync sync, ClusterRateLimiter limiter,
			ReplicatedCache cache) {
	}

}
