package dev.weir.state.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link CacheConfig}'s defaults and checks.
 */
class CacheConfigTests {

	@Test
	void defaultsKeepTombstonesAsLongAsEntries() {
		CacheConfig config = CacheConfig.of("users", Duration.ofMinutes(5));
		assertThat(config.tombstoneTtl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(config.maxEntries()).isEqualTo(CacheConfig.DEFAULT_MAX_ENTRIES);
		assertThat(config.maxValueBytes()).isEqualTo(CacheConfig.DEFAULT_MAX_VALUE_BYTES);
		assertThat(config.id()).isEqualTo("cache/users");
	}

	@Test
	void aTtlUnderOneMillisecondIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheConfig.of("c", Duration.ofNanos(999_999)))
			.withMessage("ttl must be from 1ms to about 292 million years: PT0.000999999S");
	}

	@Test
	void aNegativeTtlIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheConfig.of("c", Duration.ofSeconds(-1)))
			.withMessageStartingWith("ttl must be");
	}

	@Test
	void aZeroTombstoneTtlIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CacheConfig.of("c", Duration.ofSeconds(1)).withTombstoneTtl(Duration.ZERO))
			.withMessageStartingWith("tombstoneTtl must be");
	}

	@Test
	void zeroMaxEntriesIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CacheConfig.of("c", Duration.ofSeconds(1)).withMaxEntries(0))
			.withMessage("maxEntries must be positive: 0");
	}

	@Test
	void aNegativeMaxValueBytesIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CacheConfig.of("c", Duration.ofSeconds(1)).withMaxValueBytes(-1))
			.withMessage("maxValueBytes must not be negative: -1");
	}

	@Test
	void aNameWhoseIdExceeds255BytesIsRefused() {
		CacheConfig.of("x".repeat(249), Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(() -> CacheConfig.of("x".repeat(250), Duration.ofSeconds(1)))
			.withMessageStartingWith("name must take 1 to 249 bytes in UTF-8");
	}

	@Test
	void anEmptyNameIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheConfig.of("", Duration.ofSeconds(1)));
	}

}
