package dev.weir.spring.actuate;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.weir.cluster.Cluster;
import dev.weir.cluster.ClusterMember;
import dev.weir.spring.cluster.WeirCluster;

/**
 * {@code /actuator/weir}: this node and every member it knows, with status, tags and Lamport
 * times.
 */
@Endpoint(id = "weir")
public class WeirClusterEndpoint {

	private final WeirCluster cluster;

	/**
	 * Creates the endpoint.
	 * @param cluster the cluster node
	 */
	public WeirClusterEndpoint(WeirCluster cluster) {
		this.cluster = cluster;
	}

	/**
	 * Describes the cluster as this node sees it.
	 * @return the description
	 */
	@ReadOperation
	public ClusterDescriptor cluster() {
		Cluster cluster = this.cluster.cluster();
		String self = cluster.gossip().name();
		List<MemberDescriptor> members = cluster.members().stream().map(MemberDescriptor::of).toList();
		MemberDescriptor local = members.stream().filter((m) -> m.name().equals(self)).findFirst().orElse(null);
		return new ClusterDescriptor(local, members,
				new LamportTimes(cluster.memberTime(), cluster.eventTime(), cluster.queryTime()),
				cluster.gossip().healthScore());
	}

	/**
	 * The cluster as one node sees it.
	 *
	 * @param local this node
	 * @param members every member, this node included
	 * @param lamportTimes this node's clocks
	 * @param healthScore Lifeguard's health score of this node (0 is healthy)
	 */
	public record ClusterDescriptor(MemberDescriptor local, List<MemberDescriptor> members, LamportTimes lamportTimes,
			int healthScore) {
	}

	/**
	 * One member.
	 *
	 * @param name its name
	 * @param address its gossip address
	 * @param port its gossip port
	 * @param status alive, leaving, left or failed
	 * @param tags its tags
	 * @param statusLamportTime the member clock's time of its last join or leave intent
	 */
	public record MemberDescriptor(String name, String address, int port, String status, Map<String, String> tags,
			long statusLamportTime) {

		static MemberDescriptor of(ClusterMember member) {
			// The IP as serf members shows it, not a host name the address may carry
			// (the loopback fallback of the advertise address is "localhost").
			InetSocketAddress address = member.address();
			String host = (address.getAddress() != null) ? address.getAddress().getHostAddress()
					: address.getHostString();
			return new MemberDescriptor(member.name(), host, address.getPort(), member.status().name().toLowerCase(),
					member.tags(), member.statusLamportTime());
		}

	}

	/**
	 * A node's three Lamport clocks.
	 *
	 * @param member the member clock
	 * @param event the event clock
	 * @param query the query clock
	 */
	public record LamportTimes(long member, long event, long query) {
	}

}
