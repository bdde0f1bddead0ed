package dev.weir.spring.actuate;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.weir.spring.cache.WeirCacheAutoConfiguration;
import dev.weir.state.cache.ReplicatedCache;
import dev.weir.state.cache.ReplicatedCaches;

import static org.assertj.core.api.Assertions.assertThat;

class WeirCacheMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(WeirCacheAutoConfiguration.class, WeirCacheMetricsAutoConfiguration.class));

	@Test
	void getsEntriesAndEvictionsArePublishedPerCache() {
		this.runner.withPropertyValues("weir.cache.caches.users.max-entries=1").run((context) -> {
			ReplicatedCache users = context.getBean(ReplicatedCaches.class).get("users").orElseThrow();
			users.put("a", "1".getBytes(StandardCharsets.UTF_8));
			users.put("b", "2".getBytes(StandardCharsets.UTF_8));
			users.get("b");
			users.get("a");
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(ReplicatedCacheMeterBinder.class).bindTo(meters);
			assertThat(meters.get("weir.cache.gets").tags("cache", "users", "result", "hit").functionCounter().count())
				.isOne();
			assertThat(meters.get("weir.cache.gets").tags("cache", "users", "result", "miss").functionCounter().count())
				.isOne();
			assertThat(meters.get("weir.cache.entries").tag("cache", "users").gauge().value()).isOne();
			assertThat(meters.get("weir.cache.evictions").tag("cache", "users").functionCounter().count()).isOne();
			assertThat(meters.get("weir.cache.gossip.skipped").tag("cache", "users").functionCounter().count())
				.as("no more writes wait for gossip than the cache holds").isOne();
		});
	}

	@Test
	void cachesCreatedLaterArePublishedToo() {
		this.runner.withPropertyValues("weir.cache.dynamic=true").run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(ReplicatedCacheMeterBinder.class).bindTo(meters);
			context.getBean(ReplicatedCaches.class).get("late");
			assertThat(meters.find("weir.cache.entries").tag("cache", "late").gauge()).isNotNull();
		});
	}

	@Test
	void withoutCachesThereIsNoBinder() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ReplicatedCacheMeterBinder.class));
	}

	@Test
	void withoutMicrometerThereIsNoBinder() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("weir.cache.caches.users.ttl=1m")
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicatedCacheMeterBinder.class));
	}

}
