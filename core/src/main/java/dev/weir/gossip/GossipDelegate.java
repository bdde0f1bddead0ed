package dev.weir.gossip;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the layer above gossip (serf's cluster layer, Weir's state replication) plugs into a
 * node: its meta, its messages and its share of the state exchanged in push-pull. Called on
 * the node's event loop; implementations must not block.
 */
public interface GossipDelegate {

	/**
	 * Returns the meta this node advertises (serf: its tags), at most
	 * {@link dev.weir.gossip.wire.Alive#MAX_META} bytes.
	 * @return the meta
	 */
	default byte[] nodeMeta() {
		return new byte[0];
	}

	/**
	 * Receives a user message gossiped or streamed by another node.
	 * @param payload the message
	 */
	default void notifyMessage(byte[] payload) {
	}

	/**
	 * Returns messages to piggyback on a packet, within a byte budget.
	 * @param overhead bytes each message costs beyond its length
	 * @param limit the bytes available
	 * @return the messages (each without the user-message type byte)
	 */
	default List<byte[]> broadcasts(int overhead, int limit) {
		return List.of();
	}

	/**
	 * Returns this layer's state for a push-pull exchange.
	 * @param join whether the exchange is a join
	 * @return the state, empty for none
	 */
	default byte[] localState(boolean join) {
		return new byte[0];
	}

	/**
	 * Merges the state another node sent in a push-pull exchange.
	 * @param state the state
	 * @param join whether the exchange is a join
	 */
	default void mergeRemoteState(byte[] state, boolean join) {
	}

	/**
	 * Returns the payload of acks to pings (serf: network coordinates).
	 * @return the payload, or {@code null}
	 */
	default byte @Nullable [] ackPayload() {
		return null;
	}

}
