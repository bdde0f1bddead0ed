package dev.weir.spring.actuate;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.weir.limit.RateLimiter;
import dev.weir.limit.RateLimiterRegistry;
import dev.weir.spring.cluster.WeirClusterAutoConfiguration;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.spring.state.WeirStateAutoConfiguration;
import dev.weir.state.CounterStore;

import static org.assertj.core.api.Assertions.assertThat;

class WeirMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(WeirRateLimitAutoConfiguration.class, WeirMetricsAutoConfiguration.class));

	@Test
	void decisionsKeysAndEvictionsArePublishedPerLimiter() {
		this.runner.withPropertyValues("weir.limits.demo.limit=2", "weir.limits.demo.max-keys=1").run((context) -> {
			RateLimiter demo = context.getBean(RateLimiterRegistry.class).find("demo").orElseThrow();
			demo.tryAcquire("a", 2);
			demo.tryAcquire("a", 1);
			demo.tryAcquire("b", 1);
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(RateLimiterMeterBinder.class).bindTo(meters);
			assertThat(meters.get("weir.limit.decisions").tags("limiter", "demo", "outcome", "allowed")
				.functionCounter()
				.count()).isEqualTo(2);
			assertThat(meters.get("weir.limit.decisions").tags("limiter", "demo", "outcome", "denied")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(meters.get("weir.limit.keys").tag("limiter", "demo").gauge().value()).isEqualTo(1);
			assertThat(meters.get("weir.limit.keys.evicted").tag("limiter", "demo").functionCounter().count())
				.isEqualTo(1);
		});
	}

	@Test
	void limitersCreatedLaterArePublishedToo() {
		this.runner.run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(RateLimiterMeterBinder.class).bindTo(meters);
			context.getBean(RateLimiterRegistry.class)
				.getOrCreate(dev.weir.limit.LimitPolicy.of("inline", 3, java.time.Duration.ofSeconds(1),
						dev.weir.limit.Algorithm.TOKEN_BUCKET));
			assertThat(meters.find("weir.limit.keys").tag("limiter", "inline").gauge()).isNotNull();
		});
	}

	@Test
	void theClusterNodesMembersHealthAndDropsArePublished() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class,
					WeirClusterAutoConfiguration.class, WeirMetricsAutoConfiguration.class))
			.withPropertyValues("weir.cluster.bind-address=127.0.0.1", "weir.cluster.bind-port=0")
			.run((context) -> {
				MeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(ClusterMeterBinder.class).bindTo(meters);
				assertThat(meters.get("weir.cluster.members").tag("state", "alive").gauge().value()).isEqualTo(1);
				assertThat(meters.get("weir.cluster.health.score").gauge().value()).isZero();
				assertThat(meters.get("weir.gossip.dropped").tag("reason", "bad-crc").functionCounter().count()).isZero();
			});
	}

	@Test
	void sharedCountsAndTheirSyncArePublished() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class,
					WeirClusterAutoConfiguration.class, WeirStateAutoConfiguration.class, WeirMetricsAutoConfiguration.class))
			.withPropertyValues("weir.cluster.bind-address=127.0.0.1", "weir.cluster.bind-port=0")
			.run((context) -> {
				context.getBean(CounterStore.class).counter("reads", Duration.ofMinutes(1)).add("bucket", 1);
				MeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(StateMeterBinder.class).bindTo(meters);
				assertThat(meters.get("weir.state.keys").gauge().value()).isEqualTo(1);
				assertThat(meters.get("weir.state.keys.evicted").functionCounter().count()).isZero();
				assertThat(meters.get("weir.state.dropped").functionCounter().count()).isZero();
				assertThat(meters.find("weir.state.deltas.sent").functionCounter()).isNotNull();
			});
	}

	@Test
	void withoutTheClusterThereIsNoClusterBinder() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ClusterMeterBinder.class));
	}

	@Test
	void withoutMicrometerThereIsNoBinder() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(RateLimiterRegistry.class)
				.doesNotHaveBean(RateLimiterMeterBinder.class));
	}

	@Test
	void withWeirDisabledThereIsNoBinder() {
		this.runner.withPropertyValues("weir.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimiterMeterBinder.class));
	}

}
