package dev.weir.spring.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.weir.spring.federation.FederatedLimiters;
import dev.weir.spring.federation.WeirFederationAutoConfiguration;

/**
 * Auto-configuration of the {@code weirFederation} health contributor.
 */
@AutoConfiguration(after = WeirFederationAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(FederatedLimiters.class)
@ConditionalOnEnabledHealthIndicator("weir-federation")
public final class WeirFederationHealthAutoConfiguration {

	@Bean
	FederationHealthIndicator weirFederationHealthIndicator(FederatedLimiters limiters) {
		return new FederationHealthIndicator(limiters);
	}

}
