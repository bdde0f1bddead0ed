package dev.weir.spring.actuate;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.weir.spring.cluster.WeirCluster;
import dev.weir.spring.cluster.WeirClusterAutoConfiguration;

/**
 * Auto-configuration of the {@code weir} Actuator endpoint, when Actuator is on the class path
 * and the cluster runs.
 */
@AutoConfiguration(after = WeirClusterAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(WeirCluster.class)
public final class WeirClusterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	WeirClusterEndpoint weirClusterEndpoint(WeirCluster cluster) {
		return new WeirClusterEndpoint(cluster);
	}

}
