package dev.weir.spring.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.interceptor.SimpleKey;

import dev.weir.state.cache.CacheConfig;
import dev.weir.state.cache.ReplicatedCache;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class WeirCacheTests {

	private final ReplicatedCache replicated = new ReplicatedCache(CacheConfig.of("users", Duration.ofMinutes(1)), "a",
			new ManualClock(1_700_000_000_000L));

	private final WeirCache cache = new WeirCache(this.replicated,
			new JdkWeirCacheSerializer(getClass().getClassLoader()), true);

	@Test
	void aValuePutIsReadBack() {
		this.cache.put("k", new Account("ada", 3));
		assertThat(this.cache.get("k", Account.class)).isEqualTo(new Account("ada", 3));
	}

	@Test
	void keysAreTheirStringForm() {
		this.cache.put(42, "answer");
		this.cache.put(new SimpleKey("a", 1), "pair");
		assertThat(this.replicated.get("42")).isPresent();
		assertThat(this.replicated.get("SimpleKey [a, 1]")).isPresent();
		assertThat(this.cache.get("42", String.class)).as("1 and \"1\" name one entry").isEqualTo("answer");
	}

	@Test
	void keysOfValueTypesAreAccepted() {
		UUID id = UUID.randomUUID();
		this.cache.put(id, "v");
		assertThat(this.replicated.get(id.toString())).isPresent();
	}

	@Test
	void aKeyWithoutAToStringOfItsOwnIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put(new Object(), "v"))
			.withMessageContaining("java.lang.Object has no toString of its own");
	}

	@Test
	void aNullValueIsCachedAsAnEmptyEntry() {
		this.cache.put("k", null);
		assertThat(this.replicated.get("k")).hasValueSatisfying((bytes) -> assertThat(bytes).isEmpty());
		ValueWrapper wrapper = this.cache.get("k");
		assertThat(wrapper).isNotNull();
		assertThat(wrapper.get()).isNull();
	}

	@Test
	void aNullValueIsRefusedWhenNullsAreNotAllowed() {
		WeirCache strict = new WeirCache(this.replicated, new JdkWeirCacheSerializer(getClass().getClassLoader()),
				false);
		assertThatIllegalArgumentException().isThrownBy(() -> strict.put("k", null));
	}

	@Test
	void anUnreadableEntryReadsAsAMissAndIsCounted() {
		this.replicated.put("k", "not java serialization".getBytes(StandardCharsets.UTF_8));
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.unreadableCount()).isOne();
	}

	@Test
	void putIfAbsentReturnsTheValueAlreadyThere() {
		this.cache.put("k", "first");
		assertThat(this.cache.putIfAbsent("k", "second")).extracting(ValueWrapper::get).isEqualTo("first");
		assertThat(this.cache.putIfAbsent("other", "second")).isNull();
		assertThat(this.cache.get("other", String.class)).isEqualTo("second");
	}

	@Test
	void evictIfPresentTellsWhetherAValueWasThere() {
		this.cache.put("k", "v");
		assertThat(this.cache.evictIfPresent("k")).isTrue();
		assertThat(this.cache.evictIfPresent("k")).isFalse();
	}

	@Test
	void invalidateTellsWhetherThereWereEntries() {
		this.cache.put("k", "v");
		assertThat(this.cache.invalidate()).isTrue();
		assertThat(this.cache.invalidate()).isFalse();
		assertThat(this.cache.get("k")).isNull();
	}

	@Test
	void aSerializerThatWritesNothingIsRefused() {
		WeirCache broken = new WeirCache(this.replicated, new WeirCacheSerializer() {

			@Override
			public byte[] serialize(Object value) {
				return new byte[0];
			}

			@Override
			public Object deserialize(byte[] bytes) {
				return "";
			}

		}, true);
		assertThatIllegalStateException().isThrownBy(() -> broken.put("k", "v"))
			.withMessageContaining("an empty value stands for null");
	}

	@Test
	void theNativeCacheIsTheReplicatedCache() {
		assertThat(this.cache.getNativeCache()).isSameAs(this.replicated);
		assertThat(this.cache.getName()).isEqualTo("users");
	}

	record Account(String name, int level) implements java.io.Serializable {

	}

}
