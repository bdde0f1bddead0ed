package dev.weir.cluster;

import java.time.Duration;
import java.util.Map;

/**
 * How the cluster layer behaves on top of gossip.
 *
 * @param tags this node's tags
 * @param eventBufferSize how many Lamport times of user events are remembered, for deduplication
 * and for joining nodes
 * @param reconnectTimeout how long a failed member is kept (and retried) before it is forgotten
 * @param tombstoneTimeout how long a member that left is kept before it is forgotten
 * @param reconnectInterval how often a failed member is tried
 * @param reapInterval how often timed-out members are forgotten
 * @param leavePropagateDelay how long a leaving node waits after its leave was gossiped
 * @param userEventSizeLimit the most bytes an event's name and payload may take
 */
public record ClusterConfig(Map<String, String> tags, int eventBufferSize, Duration reconnectTimeout,
		Duration tombstoneTimeout, Duration reconnectInterval, Duration reapInterval, Duration leavePropagateDelay,
		int userEventSizeLimit) {

	/**
	 * Weir's default event buffer: 10,000 Lamport times.
	 */
	public static final int DEFAULT_EVENT_BUFFER_SIZE = 10_000;

	/**
	 * Checks the values and copies the tags.
	 */
	public ClusterConfig {
		tags = Map.copyOf(tags);
		if (eventBufferSize < 1) {
			throw new IllegalArgumentException("eventBufferSize must be positive: " + eventBufferSize);
		}
		if (userEventSizeLimit < 1 || userEventSizeLimit > 9 * 1024) {
			throw new IllegalArgumentException("userEventSizeLimit must be from 1 to 9216: " + userEventSizeLimit);
		}
	}

	/**
	 * Returns Weir's defaults: an event buffer of 10,000, failed members removed after 1 minute,
	 * tombstones kept 24 hours as serf does.
	 * @return the configuration
	 */
	public static ClusterConfig defaults() {
		return new ClusterConfig(Map.of(), DEFAULT_EVENT_BUFFER_SIZE, Duration.ofMinutes(1), Duration.ofHours(24),
				Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(1), 512);
	}

	/**
	 * Returns this configuration with other tags.
	 * @param tags the tags
	 * @return the new configuration
	 */
	public ClusterConfig withTags(Map<String, String> tags) {
		return new ClusterConfig(tags, this.eventBufferSize, this.reconnectTimeout, this.tombstoneTimeout,
				this.reconnectInterval, this.reapInterval, this.leavePropagateDelay, this.userEventSizeLimit);
	}

	/**
	 * Returns this configuration with other timeouts for failed and left members.
	 * @param reconnectTimeout how long failed members are kept
	 * @param tombstoneTimeout how long left members are kept
	 * @return the new configuration
	 */
	public ClusterConfig withTimeouts(Duration reconnectTimeout, Duration tombstoneTimeout) {
		return new ClusterConfig(this.tags, this.eventBufferSize, reconnectTimeout, tombstoneTimeout,
				this.reconnectInterval, this.reapInterval, this.leavePropagateDelay, this.userEventSizeLimit);
	}

	/**
	 * Returns this configuration with another event buffer size.
	 * @param eventBufferSize the size
	 * @return the new configuration
	 */
	public ClusterConfig withEventBufferSize(int eventBufferSize) {
		return new ClusterConfig(this.tags, eventBufferSize, this.reconnectTimeout, this.tombstoneTimeout,
				this.reconnectInterval, this.reapInterval, this.leavePropagateDelay, this.userEventSizeLimit);
	}

}
