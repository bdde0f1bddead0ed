package dev.weir.spring.limit;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import org.jspecify.annotations.Nullable;

import dev.weir.limit.LimitPolicy;
import dev.weir.limit.RateLimiter;
import dev.weir.limit.RateLimiterRegistry;
import dev.weir.limit.RateLimiters;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.federation.FederatedLimiters;
import dev.weir.spring.limit.WeirRateLimitProperties.Scope;
import dev.weir.state.CounterStore;
import dev.weir.time.Clock;

/**
 * Auto-configuration of Weir's rate limiting: the limiters named under {@code weir.limits},
 * and in a servlet web application the {@code weir.rules} filter and {@code @RateLimited}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "weir.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WeirRateLimitProperties.class)
public final class WeirRateLimitAutoConfiguration {

	/**
	 * Order of the rules filter: after Spring Security's filter chain (-100), so that keys can
	 * use the principal, and before the rest of the application's filters.
	 */
	public static final int FILTER_ORDER = -90;

	@Bean
	@ConditionalOnMissingBean(name = "weirClock")
	Clock weirClock() {
		return Clock.system();
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimiterRegistry weirRateLimiterRegistry(WeirRateLimitProperties properties, Clock weirClock,
			ObjectProvider<CounterStore> counters, ObjectProvider<FederatedLimiters> federation) {
		List<LimitPolicy> policies = LimitPolicies.from(properties);
		List<RateLimiter> limiters = new ArrayList<>();
		for (LimitPolicy policy : policies) {
			Scope scope = properties.getLimits().get(policy.name()).getScope();
			if (scope == Scope.CLUSTER) {
				limiters.add(clusterLimiter(policy, counters.getIfAvailable()));
			}
			else if (scope == Scope.FEDERATED) {
				limiters.add(federated(federation, policy));
			}
			else {
				limiters.add(RateLimiters.local(policy, weirClock));
			}
		}
		return new RateLimiterRegistry((policy) -> RateLimiters.local(policy, weirClock), limiters);
	}

	private static RateLimiter clusterLimiter(LimitPolicy policy, @Nullable CounterStore counters) {
		if (counters == null) {
			String property = "weir.limits." + policy.name() + ".scope";
			throw new InvalidWeirPropertyException(property, "cluster", "scope 'cluster' needs Weir's shared counters",
					"Set " + property + " to local, or leave Weir's state auto-configuration on.");
		}
		return counters.limiter(policy);
	}

	private static RateLimiter federated(ObjectProvider<FederatedLimiters> federation, LimitPolicy policy) {
		FederatedLimiters limiters = federation.getIfAvailable();
		if (limiters == null) {
			throw new InvalidWeirPropertyException("weir.federation.coordinator", null,
					"limiter '" + policy.name() + "' has scope federated, which needs a coordinator",
					"Set weir.federation.coordinator to redis (with spring.data.redis.*) or jdbc (with "
							+ "spring.datasource.*), and weir.federation.region to this instance's region.");
		}
		try {
			return limiters.create(policy);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWeirPropertyException("weir.limits." + policy.name() + ".window",
					policy.window().toString(), ex.getMessage(),
					"Set weir.limits." + policy.name() + ".window to a longer duration, such as 1s.", ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ Filter.class, DispatcherServlet.class })
	static class ServletConfiguration {

		@Bean
		RateLimitResponses weirRateLimitResponses(WeirRateLimitProperties properties) {
			return new RateLimitResponses(properties.getHttp().isRateLimitHeaders());
		}

		@Bean
		@ConditionalOnMissingBean(name = "weirRateLimitFilter")
		FilterRegistrationBean<WeirRateLimitFilter> weirRateLimitFilter(WeirRateLimitProperties properties,
				RateLimiterRegistry registry, RateLimitResponses responses) {
			WeirRateLimitFilter filter = new WeirRateLimitFilter(FilterRules.compile(properties.getRules(), registry),
					responses);
			FilterRegistrationBean<WeirRateLimitFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setName("weirRateLimitFilter");
			registration.setOrder(FILTER_ORDER);
			registration.setEnabled(!properties.getRules().isEmpty());
			return registration;
		}

		@Bean
		static RateLimitedBeanPostProcessor weirRateLimitedBeanPostProcessor(
				ObjectProvider<RateLimiterRegistry> registry, ObjectProvider<RateLimitResponses> responses) {
			return new RateLimitedBeanPostProcessor(
					new RateLimitedMethodInterceptor(registry::getObject, responses::getObject));
		}

		@Bean
		RateLimitExceededExceptionResolver weirRateLimitExceededExceptionResolver(RateLimitResponses responses) {
			return new RateLimitExceededExceptionResolver(responses);
		}

	}

}
