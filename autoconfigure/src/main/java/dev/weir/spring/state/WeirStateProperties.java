package dev.weir.spring.state;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.weir.state.StateSync;

/**
 * Configuration of the state the cluster shares: {@code weir.state.*}.
 */
@ConfigurationProperties("weir.state")
public class WeirStateProperties {

	/**
	 * How often the changes of shared counts are gossiped; a node that has spent its share of a
	 * cluster-wide limit may widen it once per interval.
	 */
	private Duration syncInterval = Duration.ofMillis(200);

	/**
	 * How many keys each shared counter and cluster-wide limiter keeps at most; past it the
	 * stalest are forgotten, and counted.
	 */
	private int maxKeys = 100_000;

	/**
	 * How long the start waits for a first full state exchange with a peer, so that a restarted
	 * instance has the live counts back before it reports ready. Not waited when no seeds are
	 * configured.
	 */
	private Duration initialSyncTimeout = Duration.ofSeconds(5);

	/**
	 * Up to how many alive members each change is also sent straight to every member, one hop
	 * instead of gossip's several rounds, so that claims on a limit reach the others within a sync
	 * interval; 0 for gossip alone.
	 */
	private int directSendMaxMembers = StateSync.DEFAULT_DIRECT_MAX_MEMBERS;

	public int getDirectSendMaxMembers() {
		return this.directSendMaxMembers;
	}

	public void setDirectSendMaxMembers(int directSendMaxMembers) {
		this.directSendMaxMembers = directSendMaxMembers;
	}

	public Duration getSyncInterval() {
		return this.syncInterval;
	}

	public void setSyncInterval(Duration syncInterval) {
		this.syncInterval = syncInterval;
	}

	public int getMaxKeys() {
		return this.maxKeys;
	}

	public void setMaxKeys(int maxKeys) {
		this.maxKeys = maxKeys;
	}

	public Duration getInitialSyncTimeout() {
		return this.initialSyncTimeout;
	}

	public void setInitialSyncTimeout(Duration initialSyncTimeout) {
		this.initialSyncTimeout = initialSyncTimeout;
	}

}
