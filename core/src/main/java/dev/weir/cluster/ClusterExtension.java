package dev.weir.cluster;

/**
 * Weir's own layer over the cluster, such as replicated state: its messages travel as memberlist
 * user messages of type {@link Cluster#WEIR_MESSAGE_TYPE}, which serf agents log as unknown and
 * drop, and its state rides after serf's own in every push-pull exchange, where serf agents
 * ignore it. Every method is called on the cluster's thread.
 */
public interface ClusterExtension {

	/**
	 * Takes a message another member broadcast with {@link Cluster#broadcast(byte[])}.
	 * @param message the message, without its type byte
	 * @return whether it was new here, so that it is passed on to others
	 */
	boolean receive(byte[] message);

	/**
	 * Returns the state to send a peer in a push-pull exchange.
	 * @param join whether the exchange is part of a join
	 * @return the state
	 */
	byte[] localState(boolean join);

	/**
	 * Merges the state a peer sent in a push-pull exchange.
	 * @param state the state, as the peer's {@link #localState(boolean)} returned it
	 * @param join whether the exchange is part of a join
	 */
	void mergeRemoteState(byte[] state, boolean join);

}
