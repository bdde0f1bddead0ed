package dev.weir.gossip;

import java.time.Duration;

/**
 * memberlist's timing presets, with its defaults: {@link #LAN} for one data centre (serf's
 * default), {@link #WAN} across regions, {@link #LOCAL} for one machine or a fast, small
 * network.
 */
public enum Profile {

	/**
	 * One data centre.
	 */
	LAN(Duration.ofSeconds(10), 3, 4, 4, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMillis(500),
			Duration.ofMillis(200), 3, Duration.ofSeconds(30)),

	/**
	 * Across regions: slower probes, longer timeouts.
	 */
	WAN(Duration.ofSeconds(30), 3, 4, 6, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(3),
			Duration.ofMillis(500), 4, Duration.ofSeconds(60)),

	/**
	 * One machine: fast probes, short timeouts.
	 */
	LOCAL(Duration.ofSeconds(1), 1, 2, 3, Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofMillis(200),
			Duration.ofMillis(100), 3, Duration.ofSeconds(15));

	final Duration tcpTimeout;

	final int indirectChecks;

	final int retransmitMult;

	final int suspicionMult;

	final Duration pushPullInterval;

	final Duration probeInterval;

	final Duration probeTimeout;

	final Duration gossipInterval;

	final int gossipNodes;

	final Duration gossipToTheDeadTime;

	Profile(Duration tcpTimeout, int indirectChecks, int retransmitMult, int suspicionMult, Duration pushPullInterval,
			Duration probeInterval, Duration probeTimeout, Duration gossipInterval, int gossipNodes,
			Duration gossipToTheDeadTime) {
		this.tcpTimeout = tcpTimeout;
		this.indirectChecks = indirectChecks;
		this.retransmitMult = retransmitMult;
		this.suspicionMult = suspicionMult;
		this.pushPullInterval = pushPullInterval;
		this.probeInterval = probeInterval;
		this.probeTimeout = probeTimeout;
		this.gossipInterval = gossipInterval;
		this.gossipNodes = gossipNodes;
		this.gossipToTheDeadTime = gossipToTheDeadTime;
	}

}
