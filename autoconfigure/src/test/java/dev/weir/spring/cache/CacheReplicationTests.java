package dev.weir.spring.cache;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.state.cache.ReplicatedCache;
import dev.weir.state.cache.ReplicatedCaches;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that two instances of an application converge through their caches' deltas, carried by
 * hand here as the cluster's state sync carries them over gossip.
 */
class CacheReplicationTests {

	private final ManualClock clock = new ManualClock(1_700_000_000_000L);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirCacheAutoConfiguration.class))
		.withUserConfiguration(PricesConfiguration.class)
		.withBean(ManualClock.class, () -> this.clock)
		.withPropertyValues("weir.cache.caches.prices.ttl=1m");

	@Test
	void aValueCachedOnOneInstanceIsAHitOnTheOther() {
		this.runner.withPropertyValues("weir.cluster.node-name=a").run((a) -> {
			this.runner.withPropertyValues("weir.cluster.node-name=b").run((b) -> {
				a.getBean(Prices.class).price("tea");
				sync(a, b);
				assertThat(b.getBean(Prices.class).price("tea")).isEqualTo("tea: 1");
				assertThat(b.getBean(Prices.class).lookups()).isZero();
			});
		});
	}

	@Test
	void anEvictionOnOneInstanceReachesTheOther() {
		this.runner.withPropertyValues("weir.cluster.node-name=a").run((a) -> {
			this.runner.withPropertyValues("weir.cluster.node-name=b").run((b) -> {
				a.getBean(Prices.class).price("tea");
				sync(a, b);
				b.getBean(Prices.class).forget("tea");
				sync(b, a);
				assertThat(a.getBean(Prices.class).price("tea")).isEqualTo("tea: 2");
			});
		});
	}

	@Test
	void concurrentUpdatesOnBothInstancesConvergeOnTheLastWriter() {
		this.runner.withPropertyValues("weir.cluster.node-name=a").run((a) -> {
			this.runner.withPropertyValues("weir.cluster.node-name=b").run((b) -> {
				a.getBean(Prices.class).set("tea", "from a");
				b.getBean(Prices.class).set("tea", "from b");
				sync(a, b);
				sync(b, a);
				assertThat(a.getBean(Prices.class).price("tea")).isEqualTo("from b")
					.as("same Lamport time, greater node name")
					.isEqualTo(b.getBean(Prices.class).price("tea"));
			});
		});
	}

	/**
	 * Carries every delta of one instance's caches to the other's cache of the same id.
	 */
	private static void sync(ApplicationContext from, ApplicationContext to) throws MalformedMessageException {
		ReplicatedCaches target = to.getBean(ReplicatedCaches.class);
		for (ReplicatedCache source : from.getBean(ReplicatedCaches.class).all()) {
			ReplicatedCache replica = target.get(source.config().name()).orElseThrow();
			for (byte[] delta : source.drainDeltas(1400)) {
				replica.mergeDelta(delta);
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class PricesConfiguration {

		@Bean
		Prices prices() {
			return new Prices();
		}

	}

	/**
	 * A service whose prices are cached, counting how often it really looks one up.
	 */
	static class Prices {

		private final AtomicInteger lookups = new AtomicInteger();

		@Cacheable("prices")
		public String price(String item) {
			return item + ": " + this.lookups.incrementAndGet();
		}

		@CachePut(cacheNames = "prices", key = "#item")
		public String set(String item, String price) {
			return price;
		}

		@CacheEvict("prices")
		public void forget(String item) {
		}

		int lookups() {
			return this.lookups.get();
		}

	}

}
