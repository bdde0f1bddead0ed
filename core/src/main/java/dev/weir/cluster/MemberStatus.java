package dev.weir.cluster;

/**
 * A member's status in the cluster, as serf defines it.
 */
public enum MemberStatus {

	/**
	 * Up and gossiping.
	 */
	ALIVE,

	/**
	 * Announced it leaves; not yet gone.
	 */
	LEAVING,

	/**
	 * Left gracefully; kept as a tombstone until the tombstone timeout.
	 */
	LEFT,

	/**
	 * Stopped answering without leaving; kept while the cluster tries to reconnect, until the
	 * reconnect timeout.
	 */
	FAILED

}
