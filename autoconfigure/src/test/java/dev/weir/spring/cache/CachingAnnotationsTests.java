package dev.weir.spring.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.weir.time.Clock;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests that Spring's caching annotations work on Weir caches, with time under the test's
 * control through a {@link ManualClock} bean.
 */
class CachingAnnotationsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirCacheAutoConfiguration.class))
		.withUserConfiguration(DirectoryConfiguration.class)
		.withPropertyValues("weir.cache.caches.users.ttl=1m");

	@Test
	void cacheableRunsTheMethodOncePerKey() {
		this.runner.run((context) -> {
			Directory directory = context.getBean(Directory.class);
			assertThat(directory.find("1")).isEqualTo("user 1, lookup 1");
			assertThat(directory.find("1")).isEqualTo("user 1, lookup 1");
			assertThat(directory.find("2")).isEqualTo("user 2, lookup 2");
			assertThat(directory.lookups()).isEqualTo(2);
		});
	}

	@Test
	void cacheableWithSyncRunsTheMethodOncePerKey() {
		this.runner.run((context) -> {
			Directory directory = context.getBean(Directory.class);
			directory.findSynchronized("1");
			directory.findSynchronized("1");
			assertThat(directory.lookups()).isOne();
		});
	}

	@Test
	void cachePutReplacesTheCachedValue() {
		this.runner.run((context) -> {
			Directory directory = context.getBean(Directory.class);
			directory.find("1");
			directory.rename("1", "ada");
			assertThat(directory.find("1")).isEqualTo("ada");
			assertThat(directory.lookups()).isOne();
		});
	}

	@Test
	void cacheEvictRemovesOneKey() {
		this.runner.run((context) -> {
			Directory directory = context.getBean(Directory.class);
			directory.find("1");
			directory.find("2");
			directory.remove("1");
			assertThat(directory.find("1")).isEqualTo("user 1, lookup 3");
			assertThat(directory.find("2")).isEqualTo("user 2, lookup 2");
		});
	}

	@Test
	void cacheEvictOfAllEntriesRemovesEveryKey() {
		this.runner.run((context) -> {
			Directory directory = context.getBean(Directory.class);
			directory.find("1");
			directory.find("2");
			directory.removeAll();
			directory.find("1");
			directory.find("2");
			assertThat(directory.lookups()).isEqualTo(4);
		});
	}

	@Test
	void aCachedValueExpiresAfterTheTtl() {
		this.runner.run((context) -> {
			Directory directory = context.getBean(Directory.class);
			ManualClock clock = context.getBean(ManualClock.class);
			directory.find("1");
			clock.advance(Duration.ofSeconds(59));
			directory.find("1");
			assertThat(directory.lookups()).isOne();
			clock.advance(Duration.ofSeconds(1));
			assertThat(directory.find("1")).isEqualTo("user 1, lookup 2");
		});
	}

	@Test
	void aNullResultIsCached() {
		this.runner.run((context) -> {
			Directory directory = context.getBean(Directory.class);
			assertThat(directory.findNobody("1")).isNull();
			assertThat(directory.findNobody("1")).isNull();
			assertThat(directory.lookups()).isOne();
		});
	}

	@Test
	void aCacheThatIsNotDeclaredFailsTheCall() {
		this.runner.run((context) -> {
			Directory directory = context.getBean(Directory.class);
			assertThatIllegalArgumentException().isThrownBy(() -> directory.findElsewhere("1"))
				.withMessageContaining("Cannot find cache named 'undeclared'");
		});
	}

	@Test
	void aCacheThatIsNotDeclaredIsCreatedWhenDynamic() {
		this.runner.withPropertyValues("weir.cache.dynamic=true").run((context) -> {
			Directory directory = context.getBean(Directory.class);
			directory.findElsewhere("1");
			directory.findElsewhere("1");
			assertThat(directory.lookups()).isOne();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class DirectoryConfiguration {

		@Bean
		ManualClock weirClock() {
			return new ManualClock(1_700_000_000_000L);
		}

		@Bean
		Directory directory() {
			return new Directory();
		}

	}

	/**
	 * A service whose lookups are cached, counting how often it really looks up.
	 */
	static class Directory {

		private final AtomicInteger lookups = new AtomicInteger();

		@Cacheable("users")
		public String find(String id) {
			return "user " + id + ", lookup " + this.lookups.incrementAndGet();
		}

		@Cacheable(cacheNames = "users", sync = true)
		public String findSynchronized(String id) {
			return find(id);
		}

		@Cacheable("users")
		public @Nullable String findNobody(String id) {
			this.lookups.incrementAndGet();
			return null;
		}

		@Cacheable("undeclared")
		public String findElsewhere(String id) {
			return find(id);
		}

		@CachePut(cacheNames = "users", key = "#id")
		public String rename(String id, String name) {
			return name;
		}

		@CacheEvict("users")
		public void remove(String id) {
		}

		@CacheEvict(cacheNames = "users", allEntries = true)
		public void removeAll() {
		}

		int lookups() {
			return this.lookups.get();
		}

	}

}
