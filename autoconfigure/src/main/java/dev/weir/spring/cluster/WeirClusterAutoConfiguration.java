package dev.weir.spring.cluster;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.weir.cluster.Cluster;
import dev.weir.cluster.ClusterConfig;
import dev.weir.cluster.ClusterListener;
import dev.weir.discovery.SeedProvider;
import dev.weir.gossip.EventLoop;
import dev.weir.gossip.GossipConfig;
import dev.weir.gossip.crypto.Keyring;
import dev.weir.gossip.transport.NetTransport;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.time.Clock;

/**
 * Auto-configuration of this application's node in Weir's cluster: gossip on
 * {@code weir.cluster.bind-port} (UDP and TCP), joined through {@code weir.discovery.*}.
 */
@AutoConfiguration(after = WeirRateLimitAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "weir.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "weir.cluster.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ WeirClusterProperties.class, WeirDiscoveryProperties.class })
public final class WeirClusterAutoConfiguration {

	/**
	 * The seeds of {@code weir.discovery.static.seeds}, resolved again at each use; a
	 * {@link SeedProvider} bean of the application's own replaces them.
	 */
	@Bean
	@ConditionalOnMissingBean
	SeedProvider weirSeedProvider(WeirDiscoveryProperties discovery) {
		List<InetSocketAddress> seeds = StaticSeeds.parse(discovery.getStatic().getSeeds());
		return () -> StaticSeeds.resolve(seeds);
	}

	@Bean
	@ConditionalOnMissingBean
	WeirCluster weirCluster(WeirClusterProperties cluster, WeirDiscoveryProperties discovery, SeedProvider seeds) {
		Keyring keyring = keyring(cluster.getKeyring());
		Duration rejoinInterval = positive("weir.discovery.rejoin-interval", discovery.getRejoinInterval());
		NetTransport transport = bind(cluster);
		String name = (cluster.getNodeName() != null && !cluster.getNodeName().isBlank()) ? cluster.getNodeName()
				: defaultName(transport.advertisedAddress().getPort());
		GossipConfig config = GossipConfig.of(name, cluster.getProfile())
			.withKeyring(keyring)
			.withLabel(label(cluster.getLabel()));
		ClusterConfig clusterConfig = ClusterConfig.defaults()
			.withTags(cluster.getTags())
			.withEventBufferSize(positive("weir.cluster.event-buffer-size", cluster.getEventBufferSize()))
			.withTimeouts(cluster.getReconnectTimeout(), cluster.getTombstoneTimeout());
		EventLoop loop = new EventLoop("weir-gossip-" + name);
		Cluster node = new Cluster(config, clusterConfig, transport, loop, Clock.system(), new SplittableRandom(),
				new SecureRandom(), new ClusterListener() {
				});
		return new WeirCluster(node, loop, seeds, rejoinInterval);
	}

	private static @Nullable Keyring keyring(List<String> keys) {
		if (keys.isEmpty()) {
			return null;
		}
		for (int i = 0; i < keys.size(); i++) {
			try {
				Keyring.fromBase64(List.of(keys.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidWeirPropertyException("weir.cluster.keyring[" + i + "]", "(hidden)", ex.getMessage(),
						"Set weir.cluster.keyring[" + i + "] to a base64 AES key of 16, 24 or 32 bytes, such as"
								+ " the output of 'serf keygen' or 'openssl rand -base64 32'.");
			}
		}
		return Keyring.fromBase64(keys);
	}

	private static NetTransport bind(WeirClusterProperties cluster) {
		NetTransport.Builder builder = NetTransport.builder()
			.bindAddress(address("weir.cluster.bind-address", cluster.getBindAddress()))
			.bindPort(port("weir.cluster.bind-port", cluster.getBindPort(), true));
		if (cluster.getAdvertiseAddress() != null && !cluster.getAdvertiseAddress().isBlank()) {
			builder.advertiseAddress(address("weir.cluster.advertise-address", cluster.getAdvertiseAddress()));
		}
		if (cluster.getAdvertisePort() != null) {
			builder.advertisePort(port("weir.cluster.advertise-port", cluster.getAdvertisePort(), false));
		}
		try {
			return builder.bind();
		}
		catch (UncheckedIOException | IllegalArgumentException ex) {
			throw new InvalidWeirPropertyException("weir.cluster.bind-port", Integer.toString(cluster.getBindPort()),
					"cannot bind the gossip port on " + cluster.getBindAddress() + ": " + ex.getMessage(),
					"Set weir.cluster.bind-port to a free port (or 0 for any), or stop what uses it; several"
							+ " instances on one machine each need their own port.",
					ex);
		}
	}

	private static InetAddress address(String property, String value) {
		try {
			return InetAddress.getByName(value);
		}
		catch (UnknownHostException ex) {
			throw new InvalidWeirPropertyException(property, value, "not an address this host can resolve",
					"Set " + property + " to an IP address such as 0.0.0.0 or 10.0.0.5.", ex);
		}
	}

	private static int port(String property, int port, boolean zeroAllowed) {
		if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
			throw new InvalidWeirPropertyException(property, Integer.toString(port), "not a port number",
					"Set " + property + " to a port from " + (zeroAllowed ? 0 : 1) + " to 65535.");
		}
		return port;
	}

	private static String label(String label) {
		int length = label.getBytes(StandardCharsets.UTF_8).length;
		if (length > 255) {
			throw new InvalidWeirPropertyException("weir.cluster.label", label, "a label takes at most 255 bytes",
					"Set weir.cluster.label to a shorter name, such as prod-eu, or leave it empty.");
		}
		return label;
	}

	private static int positive(String property, int value) {
		if (value < 1) {
			throw new InvalidWeirPropertyException(property, Integer.toString(value), "must be positive",
					"Set " + property + " to a positive number, such as 10000.");
		}
		return value;
	}

	private static Duration positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidWeirPropertyException(property, value.toString(), "must be positive",
					"Set " + property + " to a positive duration, such as 30s.");
		}
		return value;
	}

	private static String defaultName(int port) {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "weir";
		}
		return (port == NetTransport.DEFAULT_PORT) ? host : host + "-" + port;
	}

}
