package dev.weir.spring.actuate;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import dev.weir.spring.cache.WeirCacheAutoConfiguration;
import dev.weir.state.cache.ReplicatedCaches;

/**
 * Auto-configuration of the meters of Weir's replicated caches, when Micrometer is on the class
 * path.
 */
@AutoConfiguration(after = WeirCacheAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(ReplicatedCaches.class)
public final class WeirCacheMetricsAutoConfiguration {

	@Bean
	ReplicatedCacheMeterBinder weirReplicatedCacheMeterBinder(ReplicatedCaches caches) {
		return new ReplicatedCacheMeterBinder(caches);
	}

}
