package dev.weir.gossip;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.wire.NodeState;
import dev.weir.gossip.wire.Versions;

/**
 * A snapshot of one member as a node sees it.
 *
 * @param name the member's name
 * @param address where it gossips
 * @param meta its meta (serf: encoded tags); shared, do not modify
 * @param state its state
 * @param incarnation its incarnation
 * @param versions the versions it advertises, or {@code null} if unknown
 */
public record Member(String name, InetSocketAddress address, byte[] meta, NodeState state, long incarnation,
		@Nullable Versions versions) {

	/**
	 * Returns whether the member is alive or only suspected.
	 * @return whether it counts as up
	 */
	public boolean isUp() {
		return this.state == NodeState.ALIVE || this.state == NodeState.SUSPECT;
	}

}
