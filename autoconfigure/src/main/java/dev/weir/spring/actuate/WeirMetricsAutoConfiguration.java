package dev.weir.spring.actuate;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import dev.weir.limit.RateLimiterRegistry;
import dev.weir.spring.cluster.WeirCluster;
import dev.weir.spring.cluster.WeirClusterAutoConfiguration;
import dev.weir.spring.federation.FederatedLimiters;
import dev.weir.spring.federation.WeirFederationAutoConfiguration;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.spring.state.WeirSharedState;
import dev.weir.spring.state.WeirStateAutoConfiguration;
import dev.weir.state.CounterStore;

/**
 * Auto-configuration of Weir's Micrometer meters, when Micrometer is on the class path.
 */
@AutoConfiguration(after = { WeirRateLimitAutoConfiguration.class, WeirClusterAutoConfiguration.class,
		WeirStateAutoConfiguration.class, WeirFederationAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(RateLimiterRegistry.class)
public final class WeirMetricsAutoConfiguration {

	@Bean
	RateLimiterMeterBinder weirRateLimiterMeterBinder(RateLimiterRegistry registry) {
		return new RateLimiterMeterBinder(registry);
	}

	@Bean
	@ConditionalOnBean(FederatedLimiters.class)
	FederationMeterBinder weirFederationMeterBinder(RateLimiterRegistry registry) {
		return new FederationMeterBinder(registry);
	}

	@Bean
	@ConditionalOnBean(WeirCluster.class)
	ClusterMeterBinder weirClusterMeterBinder(WeirCluster cluster) {
		return new ClusterMeterBinder(cluster);
	}

	@Bean
	@ConditionalOnBean(CounterStore.class)
	StateMeterBinder weirStateMeterBinder(CounterStore counters, ObjectProvider<WeirSharedState> state) {
		WeirSharedState shared = state.getIfAvailable();
		return new StateMeterBinder(counters, (shared != null) ? shared.sync() : null);
	}

}
