package dev.weir.spring.limit;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.limit.RateLimiter;
import dev.weir.limit.RateLimiterRegistry;
import dev.weir.limit.RateLimiters;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.time.Clock;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

class WeirRateLimitAutoConfigurationTests {

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class));

	private final ApplicationContextRunner plainRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class));

	@Test
	void configuredLimitersAreInTheRegistryWithTheirPolicies() {
		this.webRunner
			.withPropertyValues("weir.limits.orders.limit=5", "weir.limits.orders.window=1m",
					"weir.limits.orders.algorithm=sliding-window", "weir.limits.orders.max-keys=42")
			.run((context) -> {
				RateLimiterRegistry registry = context.getBean(RateLimiterRegistry.class);
				assertThat(registry.find("orders")).map(RateLimiter::policy)
					.contains(new LimitPolicy("orders", 5, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW, 42));
			});
	}

	@Test
	void nothingIsConfiguredWhenWeirIsDisabled() {
		this.webRunner.withPropertyValues("weir.enabled=false", "weir.limits.demo.limit=5")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimiterRegistry.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RateLimitedBeanPostProcessor.class));
	}

	@Test
	void aNonWebApplicationGetsTheRegistryButNoServletParts() {
		this.plainRunner.withPropertyValues("weir.limits.demo.limit=5")
			.run((context) -> assertThat(context).hasSingleBean(RateLimiterRegistry.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RateLimitedBeanPostProcessor.class)
				.doesNotHaveBean(RateLimitExceededExceptionResolver.class));
	}

	@Test
	void withoutSpringMvcOnTheClassPathThereAreNoServletParts() {
		this.webRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.withPropertyValues("weir.limits.demo.limit=5")
			.run((context) -> assertThat(context).hasSingleBean(RateLimiterRegistry.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(RateLimitedBeanPostProcessor.class));
	}

	@Test
	void theFilterIsRegisteredButDisabledWithoutRules() {
		this.webRunner.withPropertyValues("weir.limits.demo.limit=5").run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("weirRateLimitFilter",
					FilterRegistrationBean.class);
			assertThat(registration.isEnabled()).isFalse();
		});
	}

	@Test
	void theFilterIsEnabledWithRulesAndRunsAfterTheSecurityFilterChain() {
		this.webRunner
			.withPropertyValues("weir.limits.demo.limit=5", "weir.rules[0].path=/api/**", "weir.rules[0].limiter=demo")
			.run((context) -> {
				FilterRegistrationBean<?> registration = context.getBean("weirRateLimitFilter",
						FilterRegistrationBean.class);
				assertThat(registration.isEnabled()).isTrue();
				assertThat(registration.getFilter()).isInstanceOf(WeirRateLimitFilter.class);
				assertThat(registration.getOrder()).isGreaterThan(-100);
			});
	}

	@Test
	void anApplicationRegistryReplacesWeirs() {
		RateLimiterRegistry own = new RateLimiterRegistry(RateLimiters::local, List.of());
		this.webRunner.withBean(RateLimiterRegistry.class, () -> own)
			.run((context) -> assertThat(context.getBean(RateLimiterRegistry.class)).isSameAs(own));
	}

	@Test
	void anApplicationClockDrivesTheLimiters() {
		this.webRunner.withUserConfiguration(ManualClockConfiguration.class)
			.withPropertyValues("weir.limits.demo.limit=1", "weir.limits.demo.window=1m")
			.run((context) -> {
				ManualClock clock = context.getBean(ManualClock.class);
				RateLimiter demo = context.getBean(RateLimiterRegistry.class).find("demo").orElseThrow();
				assertThat(demo.tryAcquire("k", 1).allowed()).isTrue();
				assertThat(demo.tryAcquire("k", 1).allowed()).isFalse();
				clock.advance(Duration.ofMinutes(1));
				assertThat(demo.tryAcquire("k", 1).allowed()).isTrue();
			});
	}

	@Test
	void theSystemClockIsUsedByDefault() {
		this.plainRunner.run((context) -> assertThat(context.getBean("weirClock", Clock.class))
			.isNotInstanceOf(ManualClock.class));
	}

	@Test
	void aTokenBucketSharedByTheClusterFailsTheStart() {
		assertStartFailsNaming("weir.limits.demo.algorithm", "weir.limits.demo.limit=5", "weir.limits.demo.scope=cluster",
				"weir.limits.demo.algorithm=token-bucket");
	}

	@Test
	void aRuleNamingAnUnknownLimiterFailsTheStart() {
		assertStartFailsNaming("weir.rules[0].limiter", "weir.rules[0].path=/api/**", "weir.rules[0].limiter=nope");
	}

	private void assertStartFailsNaming(String property, String... properties) {
		this.webRunner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidWeirPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo(property)));
	}

	@Configuration(proxyBeanMethods = false)
	static class ManualClockConfiguration {

		@Bean
		ManualClock weirClock() {
			return new ManualClock();
		}

	}

}
