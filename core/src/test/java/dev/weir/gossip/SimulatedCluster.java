package dev.weir.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.weir.gossip.simulation.SimulatedNetwork;
import dev.weir.gossip.simulation.SimulatedNode;
import dev.weir.gossip.simulation.Simulation;
import dev.weir.gossip.wire.NodeState;

/**
 * Gossip nodes on a simulated network: starts, joins, crashes and restarts them, and answers
 * what every node sees.
 */
final class SimulatedCluster {

	private final Simulation simulation;

	private final SimulatedNetwork network;

	private final Function<String, GossipConfig> configs;

	private final Map<String, GossipNode> nodes = new LinkedHashMap<>();

	SimulatedCluster(Simulation simulation, SimulatedNetwork network, Function<String, GossipConfig> configs) {
		this.simulation = simulation;
		this.network = network;
		this.configs = configs;
	}

	static SimulatedCluster lan(Simulation simulation, SimulatedNetwork network) {
		return new SimulatedCluster(simulation, network, (name) -> GossipConfig.of(name, Profile.LAN));
	}

	static String name(int index) {
		return String.format("node-%03d", index);
	}

	GossipNode start(String name) {
		return startOn(name, name);
	}

	/**
	 * Starts a node on another host's address, as a restarted pod that keeps its name but gets a
	 * new address.
	 */
	GossipNode startOn(String name, String hostName) {
		SimulatedNode host = this.network.start(hostName);
		GossipNode node = new GossipNode(this.configs.apply(name), host.transport(), host.scheduler(), host.clock(),
				host.random(), host.random().split(), new GossipDelegate() {
				}, new MembershipListener() {
				});
		node.start();
		this.nodes.put(name, node);
		return node;
	}

	/**
	 * Starts nodes 0 to count − 1, each joining through node 0.
	 */
	void startAndJoin(int count, Duration spacing) {
		start(name(0));
		for (int i = 1; i < count; i++) {
			GossipNode node = start(name(i));
			node.join(List.of(this.network.address(name(0))));
			this.simulation.runFor(spacing);
		}
	}

	void crash(String name) {
		this.network.crash(name);
		this.nodes.remove(name);
	}

	GossipNode node(String name) {
		return this.nodes.get(name);
	}

	List<GossipNode> running() {
		return new ArrayList<>(this.nodes.values());
	}

	/**
	 * Whether every running node sees exactly the running nodes as alive.
	 */
	boolean converged() {
		for (GossipNode node : this.nodes.values()) {
			long alive = node.members().stream().filter((member) -> member.state() == NodeState.ALIVE).count();
			if (alive != this.nodes.size()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The running nodes among some names.
	 */
	SimulatedCluster everyoneIn(Set<String> names) {
		SimulatedCluster subset = new SimulatedCluster(this.simulation, this.network, this.configs);
		this.nodes.forEach((name, node) -> {
			if (names.contains(name)) {
				subset.nodes.put(name, node);
			}
		});
		return subset;
	}

	boolean sees(String name, NodeState... states) {
		return everyoneSees(name, states);
	}

	/**
	 * Whether every running node sees a member in one of the given states, or has forgotten it.
	 */
	boolean everyoneSees(String name, NodeState... states) {
		for (GossipNode node : this.nodes.values()) {
			NodeState state = node.members()
				.stream()
				.filter((member) -> member.name().equals(name))
				.map(Member::state)
				.findFirst()
				.orElse(null);
			if (state != null && !List.of(states).contains(state)) {
				return false;
			}
		}
		return true;
	}

}
