package dev.weir.spring.state;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
