package dev.weir.cluster;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A snapshot of one member of the cluster.
 *
 * @param name its name
 * @param address where it gossips
 * @param tags its tags
 * @param status its status
 * @param statusLamportTime the member clock's time of its last join or leave intent
 */
public record ClusterMember(String name, InetSocketAddress address, Map<String, String> tags, MemberStatus status,
		long statusLamportTime) {

	/**
	 * Copies the tags.
	 */
	public ClusterMember {
		tags = Map.copyOf(tags);
	}

}
