package dev.weir.spring.cluster;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this node finds the others.
 */
@ConfigurationProperties("weir.discovery")
public class WeirDiscoveryProperties {

	private final Static staticSeeds = new Static();

	public Static getStatic() {
		return this.staticSeeds;
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
