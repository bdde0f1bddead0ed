package dev.weir.spring.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.weir.gossip.GossipNode;
import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.NodeState;
import dev.weir.spring.cluster.WeirCluster;

/**
 * Publishes the cluster node's view: members by state, Lifeguard's health score, and what was
 * dropped on receipt, by reason.
 */
public final class ClusterMeterBinder implements MeterBinder {

	private final WeirCluster cluster;

	/**
	 * Creates a binder for the cluster node.
	 * @param cluster the node
	 */
	public ClusterMeterBinder(WeirCluster cluster) {
		this.cluster = cluster;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		GossipNode node = this.cluster.node();
		for (NodeState state : NodeState.values()) {
			Gauge.builder("weir.cluster.members", node,
					(n) -> n.members().stream().filter((member) -> member.state() == state).count())
				.description("Members this node knows, by state")
				.tag("state", state.name().toLowerCase())
				.register(registry);
		}
		Gauge.builder("weir.cluster.health.score", node, GossipNode::healthScore)
			.description("Lifeguard's local health score: 0 is healthy, higher means this node distrusts its own view")
			.register(registry);
		for (DropReason reason : DropReason.values()) {
			FunctionCounter.builder("weir.gossip.dropped", node, (n) -> n.drops().count(reason))
				.description("Received packets or parts of them dropped, by reason")
				.tag("reason", reason.name().toLowerCase().replace('_', '-'))
				.register(registry);
		}
	}

}
