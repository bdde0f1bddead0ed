package dev.weir.gossip;

/**
 * Told of changes in the member list, on the node's event loop; must not block.
 */
public interface MembershipListener {

	/**
	 * A member joined, or came back after it was dead or left.
	 * @param member the member
	 */
	default void joined(Member member) {
	}

	/**
	 * A member's meta or address changed.
	 * @param member the member
	 */
	default void updated(Member member) {
	}

	/**
	 * A member was declared dead, or left.
	 * @param member the member, its state {@code DEAD} or {@code LEFT}
	 */
	default void left(Member member) {
	}

}
