package dev.weir.spring.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this node finds the others.
 */
@ConfigurationProperties("weir.discovery")
public class WeirDiscoveryProperties {

	private final Static staticSeeds = new Static();

	/**
	 * How often to ask discovery for seeds again and join those that are not alive members,
	 * so that a cluster split for longer than the reconnect timeout heals by itself.
	 */
	private Duration rejoinInterval = Duration.ofSeconds(30);

	public Static getStatic() {
		return this.staticSeeds;
	}

	public Duration getRejoinInterval() {
		return this.rejoinInterval;
	}

	public void setRejoinInterval(Duration rejoinInterval) {
		this.rejoinInterval = rejoinInterval;
	}

	/**
	 * A fixed list of members to join through.
	 */
	public static class Static {

		/**
		 * Gossip addresses of members, as host:port (the port defaults to 7946).
		 */
		private List<String> seeds = new ArrayList<>();

		public List<String> getSeeds() {
			return this.seeds;
		}

		public void setSeeds(List<String> seeds) {
			this.seeds = seeds;
		}

	}

}
