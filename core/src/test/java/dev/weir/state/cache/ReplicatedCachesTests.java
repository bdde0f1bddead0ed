package dev.weir.state.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of the {@link ReplicatedCaches} registry.
 */
class ReplicatedCachesTests {

	private final ManualClock clock = new ManualClock();

	@Test
	void withoutAFactoryOnlyConfiguredCachesExist() {
		ReplicatedCaches caches = new ReplicatedCaches(List.of(cache("users")), null);
		assertThat(caches.get("users")).isPresent();
		assertThat(caches.get("orders")).isEmpty();
		assertThat(caches.createsOnDemand()).isFalse();
	}

	@Test
	void withAFactoryAnUnknownNameIsCreatedOnce() {
		ReplicatedCaches caches = new ReplicatedCaches(List.of(), this::cache);
		ReplicatedCache orders = caches.get("orders").orElseThrow();
		assertThat(caches.get("orders")).containsSame(orders);
		assertThat(caches.names()).containsExactly("orders");
	}

	@Test
	void aListenerHearsOfExistingAndLaterCachesOnce() {
		ReplicatedCaches caches = new ReplicatedCaches(List.of(cache("users")), this::cache);
		List<String> heard = new ArrayList<>();
		caches.forEachCache((cache) -> heard.add(cache.config().name()));
		caches.get("orders");
		caches.get("orders");
		assertThat(heard).containsExactly("users", "orders");
	}

	@Test
	void twoCachesOfOneNameAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReplicatedCaches(List.of(cache("users"), cache("users")), null))
			.withMessage("two caches are named 'users'");
	}

	private ReplicatedCache cache(String name) {
		return new ReplicatedCache(CacheConfig.of(name, Duration.ofMinutes(1)), "a", this.clock);
	}

}
