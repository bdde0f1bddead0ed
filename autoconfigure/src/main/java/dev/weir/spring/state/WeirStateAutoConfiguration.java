package dev.weir.spring.state;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.weir.gossip.GossipConfig;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.cache.WeirCacheAutoConfiguration;
import dev.weir.spring.cluster.WeirCluster;
import dev.weir.spring.cluster.WeirClusterAutoConfiguration;
import dev.weir.spring.cluster.WeirDiscoveryProperties;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.state.CounterStore;
import dev.weir.state.StateSync;
import dev.weir.state.cache.ReplicatedCaches;
import dev.weir.time.Clock;

/**
 * Auto-configuration of the state the cluster shares: the {@link CounterStore} behind
 * {@code scope: cluster} limiters and shared counters, and, when the cluster runs, the sync that
 * replicates it and every Weir cache.
 * Without the cluster the store still counts, for this instance alone.
 */
@AutoConfiguration(after = { WeirRateLimitAutoConfiguration.class, WeirClusterAutoConfiguration.class,
		WeirCacheAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "weir.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WeirStateProperties.class)
public final class WeirStateAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CounterStore weirCounterStore(ObjectProvider<WeirCluster> cluster, ObjectProvider<Clock> weirClock,
			WeirStateProperties properties) {
		if (properties.getMaxKeys() < 1) {
			throw new InvalidWeirPropertyException("weir.state.max-keys", Integer.toString(properties.getMaxKeys()),
					"shared counters must be able to keep at least one key",
					"Set weir.state.max-keys to a positive number, such as 100000, or remove it.");
		}
		WeirCluster node = cluster.getIfAvailable();
		String name = (node != null) ? node.node().name() : "local";
		return new CounterStore(name, weirClock.getIfAvailable(Clock::system), properties.getMaxKeys());
	}

	@Bean
	@ConditionalOnBean(WeirCluster.class)
	@ConditionalOnMissingBean
	WeirSharedState weirSharedState(WeirCluster cluster, CounterStore counters, WeirStateProperties properties,
			ObjectProvider<WeirDiscoveryProperties> discovery, ObjectProvider<ReplicatedCaches> caches) {
		if (properties.getSyncInterval().isNegative() || properties.getSyncInterval().isZero()) {
			throw new InvalidWeirPropertyException("weir.state.sync-interval", properties.getSyncInterval().toString(),
					"the sync interval must be positive",
					"Set weir.state.sync-interval to a duration such as 200ms, or remove it.");
		}
		if (properties.getDirectSendMaxMembers() < 0) {
			throw new InvalidWeirPropertyException("weir.state.direct-send-max-members",
					Integer.toString(properties.getDirectSendMaxMembers()), "must not be negative",
					"Set weir.state.direct-send-max-members to 0 for gossip alone, or to a cluster size such as 64.");
		}
		StateSync sync = new StateSync(cluster.cluster(), cluster.scheduler(), properties.getSyncInterval(),
				GossipConfig.DEFAULT_UDP_BUFFER_SIZE, properties.getDirectSendMaxMembers());
		sync.register(counters);
		// Caches configured up front, and those created on demand later.
		caches.ifAvailable((replicated) -> replicated.forEachCache(sync::register));
		WeirDiscoveryProperties seeds = discovery.getIfAvailable();
		boolean peersExpected = seeds != null && !seeds.getStatic().getSeeds().isEmpty();
		return new WeirSharedState(sync, peersExpected, properties.getInitialSyncTimeout());
	}

}
