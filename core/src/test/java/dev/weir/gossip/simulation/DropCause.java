package dev.weir.gossip.simulation;

/**
 * Why a {@link SimulatedNetwork} did not deliver a packet.
 */
public enum DropCause {

	/**
	 * Lost at random, with the link's loss probability.
	 */
	LOSS,

	/**
	 * Sender and receiver were cut off from each other, by a partition or an isolation, when
	 * the packet was sent or when it would have arrived.
	 */
	PARTITION,

	/**
	 * The sender's transport was closed or crashed.
	 */
	SENDER_DOWN,

	/**
	 * No started transport was open at the receiver's address when the packet arrived.
	 */
	RECEIVER_DOWN,

	/**
	 * The address belongs to no node of the network.
	 */
	UNKNOWN_ADDRESS

}
