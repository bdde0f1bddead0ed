package dev.weir.cluster;

/**
 * Told of what happens in the cluster, on the node's event loop; must not block.
 */
public interface ClusterListener {

	/**
	 * A member joined, or came back.
	 * @param member the member
	 */
	default void memberJoined(ClusterMember member) {
	}

	/**
	 * A member's tags or address changed.
	 * @param member the member
	 */
	default void memberUpdated(ClusterMember member) {
	}

	/**
	 * A member left gracefully.
	 * @param member the member
	 */
	default void memberLeft(ClusterMember member) {
	}

	/**
	 * A member stopped answering.
	 * @param member the member
	 */
	default void memberFailed(ClusterMember member) {
	}

	/**
	 * A failed or left member was forgotten after its timeout.
	 * @param member the member
	 */
	default void memberReaped(ClusterMember member) {
	}

	/**
	 * A user event arrived (or was sent by this node), once per event.
	 * @param event the event
	 */
	default void userEvent(ClusterEvent event) {
	}

}
