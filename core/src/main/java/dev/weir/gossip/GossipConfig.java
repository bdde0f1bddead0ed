package dev.weir.gossip;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.crypto.Keyring;

/**
 * How a node gossips: its name, memberlist's timings (from a {@link Profile}), and its
 * keyring. Immutable; change it with the {@code with…} methods.
 *
 * @param name the node's name, unique in the cluster
 * @param profile the preset the timings came from
 * @param tcpTimeout the deadline of a stream exchange
 * @param indirectChecks how many members are asked to probe a node that missed its ack
 * @param retransmitMult the factor of the retransmit limit of gossip
 * @param suspicionMult the factor of the suspicion timeout
 * @param suspicionMaxTimeoutMult how far above its minimum a suspicion timeout may start
 * @param pushPullInterval the period of full state exchanges (scaled up past 32 members)
 * @param probeInterval the period of probes
 * @param probeTimeout how long a direct probe waits for its ack
 * @param gossipInterval the period of gossip
 * @param gossipNodes how many members each gossip round sends to
 * @param gossipToTheDeadTime how long dead members are still gossiped to, and kept
 * @param awarenessMaxMultiplier the largest factor the health score scales probes by
 * @param udpBufferSize the largest packet built
 * @param compression whether packets are compressed when that makes them shorter
 * @param keyring the keys packets and streams are encrypted with, or {@code null}
 * @param deadNodeReclaimTime how long after a member was declared dead its name may be taken
 * by another address; zero for never (until the dead member is forgotten), memberlist's default
 * @param label the cluster's label (memberlist 0.3 and later), empty for none; a node drops
 * traffic with another label
 */
public record GossipConfig(String name, Profile profile, Duration tcpTimeout, int indirectChecks,
		int retransmitMult, int suspicionMult, int suspicionMaxTimeoutMult, Duration pushPullInterval,
		Duration probeInterval, Duration probeTimeout, Duration gossipInterval, int gossipNodes,
		Duration gossipToTheDeadTime, int awarenessMaxMultiplier, int udpBufferSize, boolean compression,
		@Nullable Keyring keyring, Duration deadNodeReclaimTime, String label) {

	/**
	 * memberlist's {@code UDPBufferSize}.
	 */
	public static final int DEFAULT_UDP_BUFFER_SIZE = 1400;

	/**
	 * Checks the values.
	 */
	public GossipConfig {
		Objects.requireNonNull(name, "name");
		if (name.isEmpty()) {
			throw new IllegalArgumentException("a node needs a name");
		}
		positive(tcpTimeout, "tcpTimeout");
		positive(pushPullInterval, "pushPullInterval");
		positive(probeInterval, "probeInterval");
		positive(probeTimeout, "probeTimeout");
		positive(gossipInterval, "gossipInterval");
		if (probeTimeout.compareTo(probeInterval) > 0) {
			throw new IllegalArgumentException("probeTimeout " + probeTimeout + " exceeds probeInterval " + probeInterval);
		}
		if (indirectChecks < 0 || retransmitMult < 1 || suspicionMult < 1 || suspicionMaxTimeoutMult < 1
				|| gossipNodes < 1 || awarenessMaxMultiplier < 1) {
			throw new IllegalArgumentException("multipliers and counts must be positive");
		}
		Objects.requireNonNull(label, "label");
		if (deadNodeReclaimTime == null || deadNodeReclaimTime.isNegative()) {
			throw new IllegalArgumentException("deadNodeReclaimTime must be zero or positive: " + deadNodeReclaimTime);
		}
		if (udpBufferSize < 512 || udpBufferSize > 65_000) {
			throw new IllegalArgumentException("udpBufferSize must be between 512 and 65000: " + udpBufferSize);
		}
	}

	/**
	 * Returns memberlist's defaults for a profile.
	 * @param name the node's name
	 * @param profile the profile
	 * @return the configuration
	 */
	public static GossipConfig of(String name, Profile profile) {
		return new GossipConfig(name, profile, profile.tcpTimeout, profile.indirectChecks, profile.retransmitMult,
				profile.suspicionMult, 6, profile.pushPullInterval, profile.probeInterval, profile.probeTimeout,
				profile.gossipInterval, profile.gossipNodes, profile.gossipToTheDeadTime, 8, DEFAULT_UDP_BUFFER_SIZE,
				true, null, Duration.ZERO, "");
	}

	/**
	 * Returns this configuration with a keyring.
	 * @param keyring the keyring, or {@code null} for none
	 * @return the new configuration
	 */
	public GossipConfig withKeyring(@Nullable Keyring keyring) {
		return new GossipConfig(this.name, this.profile, this.tcpTimeout, this.indirectChecks, this.retransmitMult,
				this.suspicionMult, this.suspicionMaxTimeoutMult, this.pushPullInterval, this.probeInterval,
				this.probeTimeout, this.gossipInterval, this.gossipNodes, this.gossipToTheDeadTime,
				this.awarenessMaxMultiplier, this.udpBufferSize, this.compression, keyring, this.deadNodeReclaimTime,
				this.label);
	}

	/**
	 * Returns this configuration with compression on or off.
	 * @param compression whether to compress
	 * @return the new configuration
	 */
	public GossipConfig withCompression(boolean compression) {
		return new GossipConfig(this.name, this.profile, this.tcpTimeout, this.indirectChecks, this.retransmitMult,
				this.suspicionMult, this.suspicionMaxTimeoutMult, this.pushPullInterval, this.probeInterval,
				this.probeTimeout, this.gossipInterval, this.gossipNodes, this.gossipToTheDeadTime,
				this.awarenessMaxMultiplier, this.udpBufferSize, compression, this.keyring, this.deadNodeReclaimTime,
				this.label);
	}

	/**
	 * Returns this configuration with a dead-node reclaim time.
	 * @param deadNodeReclaimTime the time, zero for never
	 * @return the new configuration
	 */
	public GossipConfig withDeadNodeReclaimTime(Duration deadNodeReclaimTime) {
		return new GossipConfig(this.name, this.profile, this.tcpTimeout, this.indirectChecks, this.retransmitMult,
				this.suspicionMult, this.suspicionMaxTimeoutMult, this.pushPullInterval, this.probeInterval,
				this.probeTimeout, this.gossipInterval, this.gossipNodes, this.gossipToTheDeadTime,
				this.awarenessMaxMultiplier, this.udpBufferSize, this.compression, this.keyring, deadNodeReclaimTime,
				this.label);
	}

	/**
	 * Returns this configuration with a cluster label.
	 * @param label the label, empty for none
	 * @return the new configuration
	 */
	public GossipConfig withLabel(String label) {
		return new GossipConfig(this.name, this.profile, this.tcpTimeout, this.indirectChecks, this.retransmitMult,
				this.suspicionMult, this.suspicionMaxTimeoutMult, this.pushPullInterval, this.probeInterval,
				this.probeTimeout, this.gossipInterval, this.gossipNodes, this.gossipToTheDeadTime,
				this.awarenessMaxMultiplier, this.udpBufferSize, this.compression, this.keyring,
				this.deadNodeReclaimTime, label);
	}

	/**
	 * Returns the push-pull period for a cluster of a size: the interval up to 32 members, then
	 * one more interval each time the cluster doubles.
	 * @param nodes the number of members
	 * @return the period
	 */
	public Duration pushPullInterval(int nodes) {
		if (nodes <= 32) {
			return this.pushPullInterval;
		}
		int ceilLog2 = Integer.SIZE - Integer.numberOfLeadingZeros(nodes - 1);
		return this.pushPullInterval.multipliedBy(ceilLog2 - 5 + 1);
	}

	private static void positive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive: " + duration);
		}
	}

}
