package dev.weir.spring.cluster;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import dev.weir.spring.InvalidWeirPropertyException;

/**
 * {@code weir.discovery.static.seeds}: {@code host:port} entries, checked at startup and
 * resolved again at each join, so that a seed's DNS name may move.
 */
final class StaticSeeds {

	private static final int DEFAULT_PORT = 7946;

	private StaticSeeds() {
	}

	static List<InetSocketAddress> parse(List<String> seeds) {
		List<InetSocketAddress> parsed = new ArrayList<>(seeds.size());
		for (int i = 0; i < seeds.size(); i++) {
			parsed.add(parse("weir.discovery.static.seeds[" + i + "]", seeds.get(i).trim()));
		}
		return parsed;
	}

	private static InetSocketAddress parse(String property, String seed) {
		String host = seed;
		int port = DEFAULT_PORT;
		int colon = seed.lastIndexOf(':');
		if (seed.startsWith("[")) {
			int close = seed.indexOf(']');
			if (close < 0) {
				throw invalid(property, seed);
			}
			host = seed.substring(1, close);
			if (close + 1 < seed.length()) {
				if (seed.charAt(close + 1) != ':') {
					throw invalid(property, seed);
				}
				port = port(property, seed, seed.substring(close + 2));
			}
		}
		else if (colon >= 0 && seed.indexOf(':') == colon) {
			host = seed.substring(0, colon);
			port = port(property, seed, seed.substring(colon + 1));
		}
		if (host.isBlank()) {
			throw invalid(property, seed);
		}
		return InetSocketAddress.createUnresolved(host, port);
	}

	private static int port(String property, String seed, String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(property, seed);
	}

	private static InvalidWeirPropertyException invalid(String property, String seed) {
		return new InvalidWeirPropertyException(property, seed, "not a host:port address",
				"Set " + property + " to the gossip address of a member, such as 10.0.0.5:7946 or weir-0.weir:7946.");
	}

	/**
	 * Resolves the seeds now; those that do not resolve are left out (and logged by the
	 * join).
	 */
	static List<InetSocketAddress> resolve(List<InetSocketAddress> seeds) {
		List<InetSocketAddress> resolved = new ArrayList<>(seeds.size());
		for (InetSocketAddress seed : seeds) {
			InetSocketAddress address = new InetSocketAddress(seed.getHostString(), seed.getPort());
			if (!address.isUnresolved()) {
				resolved.add(address);
			}
		}
		return resolved;
	}

}
