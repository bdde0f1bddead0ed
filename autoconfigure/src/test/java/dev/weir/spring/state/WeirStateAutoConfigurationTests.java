package dev.weir.spring.state;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.weir.limit.RateLimiterRegistry;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.cluster.WeirCluster;
import dev.weir.spring.cluster.WeirClusterAutoConfiguration;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.state.ClusterRateLimiter;
import dev.weir.state.CounterStore;

import static org.assertj.core.api.Assertions.assertThat;

class WeirStateAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class, WeirClusterAutoConfiguration.class,
				WeirStateAutoConfiguration.class))
		.withPropertyValues("weir.cluster.bind-address=127.0.0.1", "weir.cluster.bind-port=0");

	@Test
	void withTheClusterTheCountsAreSyncedUnderTheNodesName() {
		this.runner.withPropertyValues("weir.cluster.node-name=orders-1").run((context) -> {
			assertThat(context).hasSingleBean(CounterStore.class).hasSingleBean(WeirSharedState.class);
			assertThat(context.getBean(WeirCluster.class).node().name()).isEqualTo("orders-1");
		});
	}

	@Test
	void aClusterScopedLimiterCountsInTheSharedStore() {
		this.runner.withPropertyValues("weir.limits.demo.limit=10", "weir.limits.demo.scope=cluster").run((context) -> {
			assertThat(context.getBean(RateLimiterRegistry.class).find("demo")).containsInstanceOf(ClusterRateLimiter.class);
			context.getBean(RateLimiterRegistry.class).find("demo").orElseThrow().tryAcquire("client");
			assertThat(context.getBean(CounterStore.class).keyCount()).isEqualTo(1);
		});
	}

	@Test
	void withoutTheClusterSharedCountsCountForThisInstanceAlone() {
		this.runner.withPropertyValues("weir.cluster.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(CounterStore.class).doesNotHaveBean(WeirSharedState.class);
			assertThat(context.getBean(CounterStore.class).counter("reads", Duration.ofMinutes(1)).add("bucket", 2))
				.isEqualTo(2);
		});
	}

	@Test
	void aTokenBucketWithClusterScopeFailsNamingTheAlgorithm() {
		this.runner.withPropertyValues("weir.limits.demo.limit=10", "weir.limits.demo.scope=cluster",
				"weir.limits.demo.algorithm=token-bucket")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidWeirPropertyException.class)
				.hasMessageContaining("weir.limits.demo.algorithm"));
	}

	@Test
	void aSyncIntervalOfZeroFailsNamingTheProperty() {
		this.runner.withPropertyValues("weir.state.sync-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("weir.state.sync-interval"));
	}

	@Test
	void withWeirDisabledThereIsNoSharedState() {
		this.runner.withPropertyValues("weir.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CounterStore.class));
	}

}
