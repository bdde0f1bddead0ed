package dev.weir.discovery;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where a node finds members to join: asked at startup and again at every re-join interval,
 * so that addresses may change over time (DNS, an orchestrator's API) and a cluster split for
 * longer than the reconnect timeout finds itself again.
 *
 * <p>Called on the node's event loop: an implementation that does I/O should answer from
 * what it last learned and refresh in the background, rather than block.
 */
@FunctionalInterface
public interface SeedProvider {

	/**
	 * Returns the gossip addresses of members to join now, resolved; may be empty and may
	 * include this node's own address, which is ignored.
	 * @return the addresses
	 */
	List<InetSocketAddress> seeds();

	/**
	 * Returns a provider of a fixed list.
	 * @param seeds the addresses
	 * @return the provider
	 */
	static SeedProvider of(List<InetSocketAddress> seeds) {
		List<InetSocketAddress> copy = List.copyOf(seeds);
		return () -> copy;
	}

}
