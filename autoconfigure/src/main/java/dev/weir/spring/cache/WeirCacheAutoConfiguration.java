package dev.weir.spring.cache;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

import dev.weir.spring.cluster.WeirCluster;
import dev.weir.spring.cluster.WeirClusterAutoConfiguration;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.state.cache.ReplicatedCache;
import dev.weir.state.cache.ReplicatedCaches;
import dev.weir.time.Clock;

/**
 * Auto-configuration of Weir's replicated caches as Spring's {@link CacheManager}: the caches
 * declared under {@code weir.cache.caches} (and, with {@code weir.cache.dynamic}, any other name
 * on first use), stamped with this node's name in the cluster. Backs off when the application
 * defines its own {@code CacheManager}. Caching annotations still need {@code @EnableCaching}.
 */
@AutoConfiguration(after = { WeirRateLimitAutoConfiguration.class, WeirClusterAutoConfiguration.class },
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnBooleanProperty(name = "weir.enabled", matchIfMissing = true)
@ConditionalOnClass(CacheManager.class)
@ConditionalOnMissingBean(CacheManager.class)
@Conditional(OnWeirCacheCondition.class)
@EnableConfigurationProperties(WeirCacheProperties.class)
public final class WeirCacheAutoConfiguration {

	/**
	 * The node name that stamps writes when the application runs no cluster node and sets no
	 * {@code weir.cluster.node-name}: its caches then replicate nowhere, and the name only has
	 * to be the same from write to write.
	 */
	static final String LOCAL_NODE = "local";

	@Bean
	@ConditionalOnMissingBean
	ReplicatedCaches weirReplicatedCaches(WeirCacheProperties properties, ObjectProvider<Clock> clocks,
			ObjectProvider<WeirCluster> cluster, Environment environment, BeanFactory beanFactory) {
		String node = cluster.stream()
			.findFirst()
			.map((weirCluster) -> weirCluster.node().name())
			.orElseGet(() -> localNode(environment.getProperty("weir.cluster.node-name")));
		// The limiters' clock if there is one (tests replace it), as their auto-configuration names it.
		Clock wallClock = beanFactory.containsBean("weirClock") ? beanFactory.getBean("weirClock", Clock.class)
				: clocks.getIfUnique(Clock::system);
		@Nullable Function<String, ReplicatedCache> factory = properties.isDynamic()
				? (name) -> new ReplicatedCache(CacheConfigs.defaults(properties, name), node, wallClock) : null;
		return new ReplicatedCaches(CacheConfigs.from(properties)
			.stream()
			.map((config) -> new ReplicatedCache(config, node, wallClock))
			.toList(), factory);
	}

	private static String localNode(@Nullable String configured) {
		return (configured != null && !configured.isBlank()) ? configured : LOCAL_NODE;
	}

	@Bean
	@ConditionalOnMissingBean
	WeirCacheSerializer weirCacheSerializer(ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return new JdkWeirCacheSerializer(
				(classLoader != null) ? classLoader : WeirCacheAutoConfiguration.class.getClassLoader());
	}

	@Bean
	WeirCacheManager cacheManager(ReplicatedCaches caches, WeirCacheSerializer serializer,
			WeirCacheProperties properties) {
		return new WeirCacheManager(caches, serializer, properties.isAllowNullValues());
	}

}
