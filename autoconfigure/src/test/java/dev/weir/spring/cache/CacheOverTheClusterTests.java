package dev.weir.spring.cache;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.weir.spring.cluster.WeirCluster;
import dev.weir.spring.cluster.WeirClusterAutoConfiguration;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.spring.state.WeirStateAutoConfiguration;
import dev.weir.state.cache.ReplicatedCaches;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances, each a cluster node on loopback, share a Weir cache through the cluster's
 * state sync: what one caches is a hit on the other, and an eviction reaches both.
 */
class CacheOverTheClusterTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class, WeirClusterAutoConfiguration.class,
				WeirCacheAutoConfiguration.class, WeirStateAutoConfiguration.class))
		.withUserConfiguration(CacheReplicationTests.PricesConfiguration.class)
		.withPropertyValues("weir.cache.caches.prices.ttl=1m", "weir.cluster.bind-address=127.0.0.1",
				"weir.cluster.bind-port=0", "weir.cluster.profile=local", "weir.state.sync-interval=50ms");

	@Test
	void aValueCachedOnOneInstanceBecomesAHitOnTheOtherAndAnEvictionReachesBoth() {
		this.runner.withPropertyValues("weir.cluster.node-name=a").run((a) -> {
			int port = a.getBean(WeirCluster.class).node().address().getPort();
			this.runner
				.withPropertyValues("weir.cluster.node-name=b", "weir.discovery.static.seeds=127.0.0.1:" + port)
				.run((b) -> {
					CacheReplicationTests.Prices pricesA = a.getBean(CacheReplicationTests.Prices.class);
					CacheReplicationTests.Prices pricesB = b.getBean(CacheReplicationTests.Prices.class);
					assertThat(pricesA.price("tea")).isEqualTo("tea: 1");
					ReplicatedCaches cachesB = b.getBean(ReplicatedCaches.class);
					await(() -> cachesB.get("prices").orElseThrow().size() == 1);
					assertThat(pricesB.price("tea")).isEqualTo("tea: 1");
					assertThat(pricesB.lookups()).isZero();
					pricesB.forget("tea");
					ReplicatedCaches cachesA = a.getBean(ReplicatedCaches.class);
					await(() -> cachesA.get("prices").orElseThrow().size() == 0);
					assertThat(pricesA.price("tea")).isEqualTo("tea: 2");
				});
		});
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within 20s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

}
