package dev.weir.gossip.simulation;

/**
 * What one node of a {@link SimulatedNetwork} sent and received, across all its restarts, or the
 * sum over all nodes. A duplicated packet counts once as sent and up to twice as received.
 *
 * @param packetsSent the packets this node sent
 * @param bytesSent the bytes of those packets
 * @param packetsReceived the packet copies delivered to this node
 * @param bytesReceived the bytes of those copies
 * @param packetsDropped the packet copies this node sent that never arrived
 * @param packetsDuplicated the packets this node sent that the network duplicated
 * @param streamsOpened the streams this node opened
 * @param streamsSucceeded the streams this node opened that ended with a reply (or an
 * acknowledgement, when none was expected)
 * @param streamsFailed the streams this node opened that failed
 * @param streamsAccepted the stream requests delivered to this node's handler
 * @param streamBytesSent the bytes of the stream requests and replies this node wrote
 */
public record TrafficStats(long packetsSent, long bytesSent, long packetsReceived, long bytesReceived,
		long packetsDropped, long packetsDuplicated, long streamsOpened, long streamsSucceeded, long streamsFailed,
		long streamsAccepted, long streamBytesSent) {

	/**
	 * Statistics of no traffic.
	 */
	public static final TrafficStats NONE = new TrafficStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	/**
	 * Returns the sum of these statistics and others.
	 * @param other the others
	 * @return the sum
	 */
	public TrafficStats plus(TrafficStats other) {
		return new TrafficStats(this.packetsSent + other.packetsSent, this.bytesSent + other.bytesSent,
				this.packetsReceived + other.packetsReceived, this.bytesReceived + other.bytesReceived,
				this.packetsDropped + other.packetsDropped, this.packetsDuplicated + other.packetsDuplicated,
				this.streamsOpened + other.streamsOpened, this.streamsSucceeded + other.streamsSucceeded,
				this.streamsFailed + other.streamsFailed, this.streamsAccepted + other.streamsAccepted,
				this.streamBytesSent + other.streamBytesSent);
	}

}
