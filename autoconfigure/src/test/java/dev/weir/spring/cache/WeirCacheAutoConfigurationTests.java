package dev.weir.spring.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.cluster.WeirClusterAutoConfiguration;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.state.cache.CacheConfig;
import dev.weir.state.cache.ReplicatedCache;
import dev.weir.state.cache.ReplicatedCaches;
import dev.weir.time.Clock;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

class WeirCacheAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirCacheAutoConfiguration.class));

	@Test
	void runWithDeclaredCachesShouldProvideThemThroughTheCacheManager() {
		this.runner
			.withPropertyValues("weir.cache.caches.users.ttl=1m", "weir.cache.caches.users.max-entries=42",
					"weir.cache.caches.users.max-value-size=4KB", "weir.cache.caches.users.tombstone-ttl=30s",
					"weir.cache.caches.orders.ttl=5s")
			.run((context) -> {
				assertThat(context).hasSingleBean(WeirCacheManager.class).hasSingleBean(ReplicatedCaches.class);
				CacheManager manager = context.getBean(CacheManager.class);
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("users", "orders");
				assertThat(config(context.getBean(ReplicatedCaches.class), "users"))
					.isEqualTo(new CacheConfig("users", Duration.ofMinutes(1), Duration.ofSeconds(30), 42, 4096));
			});
	}

	@Test
	void runWithOnlyATtlShouldTakeTheOtherDefaults() {
		this.runner.withPropertyValues("weir.cache.caches.users.ttl=1m")
			.run((context) -> assertThat(config(context.getBean(ReplicatedCaches.class), "users"))
				.isEqualTo(CacheConfig.of("users", Duration.ofMinutes(1))));
	}

	@Test
	void runWithChangedDefaultsShouldApplyThemToEveryCache() {
		this.runner
			.withPropertyValues("weir.cache.ttl=2m", "weir.cache.max-entries=7", "weir.cache.tombstone-ttl=1h",
					"weir.cache.max-value-size=1KB", "weir.cache.caches.users.max-entries=9")
			.run((context) -> assertThat(config(context.getBean(ReplicatedCaches.class), "users"))
				.isEqualTo(new CacheConfig("users", Duration.ofMinutes(2), Duration.ofHours(1), 9, 1024)));
	}

	@Test
	void runWithoutDeclaredCachesShouldNotCreateACacheManager() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CacheManager.class)
			.doesNotHaveBean(ReplicatedCaches.class));
	}

	@Test
	void runWhenCacheDisabledShouldNotCreateACacheManagerEvenWithCaches() {
		this.runner.withPropertyValues("weir.cache.enabled=false", "weir.cache.caches.users.ttl=1m")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheManager.class));
	}

	@Test
	void runWhenWeirDisabledShouldNotCreateACacheManager() {
		this.runner.withPropertyValues("weir.enabled=false", "weir.cache.caches.users.ttl=1m")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheManager.class));
	}

	@Test
	void runWhenCacheEnabledWithoutCachesShouldCreateAnEmptyCacheManager() {
		this.runner.withPropertyValues("weir.cache.enabled=true").run((context) -> {
			assertThat(context.getBean(CacheManager.class).getCacheNames()).isEmpty();
			assertThat(context.getBean(CacheManager.class).getCache("users")).isNull();
		});
	}

	@Test
	void runWhenDynamicShouldCreateUnknownCachesWithTheDefaults() {
		this.runner.withPropertyValues("weir.cache.dynamic=true", "weir.cache.ttl=3m").run((context) -> {
			CacheManager manager = context.getBean(CacheManager.class);
			assertThat(manager.getCache("anything")).isNotNull();
			assertThat(manager.getCacheNames()).containsExactly("anything");
			assertThat(config(context.getBean(ReplicatedCaches.class), "anything"))
				.isEqualTo(CacheConfig.of("anything", Duration.ofMinutes(3)));
		});
	}

	@Test
	void runWhenNotDynamicShouldHaveNoCacheForAnUnknownName() {
		this.runner.withPropertyValues("weir.cache.caches.users.ttl=1m")
			.run((context) -> assertThat(context.getBean(CacheManager.class).getCache("orders")).isNull());
	}

	@Test
	void runWithAUserCacheManagerShouldBackOff() {
		this.runner.withUserConfiguration(UserCacheManagerConfiguration.class)
			.withPropertyValues("weir.cache.caches.users.ttl=1m")
			.run((context) -> assertThat(context).hasSingleBean(CacheManager.class)
				.doesNotHaveBean(WeirCacheManager.class)
				.doesNotHaveBean(ReplicatedCaches.class));
	}

	@Test
	void runWithAUserSerializerShouldUseIt() {
		this.runner.withUserConfiguration(UserSerializerConfiguration.class)
			.withPropertyValues("weir.cache.caches.users.ttl=1m")
			.run((context) -> {
				assertThat(context).getBean(WeirCacheSerializer.class).isInstanceOf(StringSerializer.class);
				WeirCache cache = (WeirCache) context.getBean(CacheManager.class).getCache("users");
				cache.put("k", "v");
				assertThat(cache.getNativeCache().get("k")).hasValueSatisfying(
						(bytes) -> assertThat(bytes).asString().isEqualTo("v"));
			});
	}

	@ParameterizedTest
	@CsvSource({ "weir.cache.caches.users.ttl=-1s, weir.cache.caches.users.ttl",
			"weir.cache.caches.users.tombstone-ttl=0s, weir.cache.caches.users.tombstone-ttl",
			"weir.cache.ttl=0s, weir.cache.ttl", "weir.cache.tombstone-ttl=0ms, weir.cache.tombstone-ttl",
			"weir.cache.caches.users.max-entries=0, weir.cache.caches.users.max-entries",
			"weir.cache.max-entries=-5, weir.cache.max-entries",
			"weir.cache.caches.users.max-value-size=-1B, weir.cache.caches.users.max-value-size",
			"weir.cache.max-value-size=4GB, weir.cache.max-value-size" })
	void runWithAnInvalidValueShouldFailNamingTheProperty(String setting, String property) {
		this.runner.withPropertyValues("weir.cache.caches.users.max-entries=5", setting)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidWeirPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo(property);
					assertThat(ex.getAction()).startsWith("Set " + property + " to ");
				}));
	}

	@Test
	void runWithoutAClusterShouldStampWritesWithTheConfiguredNodeName() {
		this.runner.withPropertyValues("weir.cache.caches.users.ttl=1m", "weir.cluster.node-name=solo")
			.run((context) -> assertThat(context.getBean(ReplicatedCaches.class).all())
				.extracting(ReplicatedCache::nodeName)
				.containsExactly("solo"));
	}

	@Test
	void runWithoutAClusterOrNodeNameShouldStampWritesAsLocal() {
		this.runner.withPropertyValues("weir.cache.caches.users.ttl=1m")
			.run((context) -> assertThat(context.getBean(ReplicatedCaches.class).all())
				.extracting(ReplicatedCache::nodeName)
				.containsExactly(WeirCacheAutoConfiguration.LOCAL_NODE));
	}

	@Test
	void runWithAClusterShouldStampWritesWithTheClusterNodeName() {
		this.runner.withConfiguration(AutoConfigurations.of(WeirClusterAutoConfiguration.class))
			.withPropertyValues("weir.cache.caches.users.ttl=1m", "weir.cluster.bind-address=127.0.0.1",
					"weir.cluster.bind-port=0", "weir.cluster.profile=local")
			.run((context) -> assertThat(context.getBean(ReplicatedCaches.class).all())
				.extracting(ReplicatedCache::nodeName)
				.containsExactly(context.getBean(dev.weir.spring.cluster.WeirCluster.class).node().name()));
	}

	@Test
	void runWithTheLimitersClockAndAnotherClockShouldUseTheLimitersClock() {
		ManualClock weirClock = new ManualClock(1_700_000_000_000L);
		this.runner.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class))
			.withBean("weirClock", Clock.class, () -> weirClock)
			.withBean("otherClock", Clock.class, Clock::system)
			.withPropertyValues("weir.cache.caches.users.ttl=1m")
			.run((context) -> {
				ReplicatedCache users = context.getBean(ReplicatedCaches.class).get("users").orElseThrow();
				users.put("k", new byte[] { 1 });
				weirClock.advance(Duration.ofMinutes(1));
				assertThat(users.get("k")).isEmpty();
			});
	}

	private static CacheConfig config(ReplicatedCaches caches, String name) {
		return caches.get(name).orElseThrow().config();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCacheManagerConfiguration {

		@Bean
		CacheManager userCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSerializerConfiguration {

		@Bean
		StringSerializer userSerializer() {
			return new StringSerializer();
		}

	}

	static final class StringSerializer implements WeirCacheSerializer {

		@Override
		public byte[] serialize(Object value) {
			return value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}

		@Override
		public Object deserialize(byte[] bytes) {
			return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

}
