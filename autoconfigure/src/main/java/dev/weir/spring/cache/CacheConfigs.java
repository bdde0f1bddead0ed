package dev.weir.spring.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.cache.WeirCacheProperties.Cache;
import dev.weir.state.cache.CacheConfig;

/**
 * The one place where bound {@code weir.cache.*} properties become core
 * {@link CacheConfig}s, each property checked and named when wrong.
 */
final class CacheConfigs {

	private static final int MAX_NAME_BYTES = 255 - CacheConfig.ID_PREFIX.length();

	private CacheConfigs() {
	}

	/**
	 * Returns the configuration of every declared cache, checking the defaults too even if no
	 * cache uses them, so that a mistake shows at startup.
	 */
	static List<CacheConfig> from(WeirCacheProperties properties) {
		defaults(properties, "default");
		List<CacheConfig> configs = new ArrayList<>();
		for (Map.Entry<String, Cache> entry : properties.getCaches().entrySet()) {
			configs.add(from(properties, entry.getKey(), entry.getValue()));
		}
		return configs;
	}

	/**
	 * Returns the configuration of a cache created on demand: the defaults.
	 */
	static CacheConfig defaults(WeirCacheProperties properties, String name) {
		return from(properties, name, new Cache());
	}

	static CacheConfig from(WeirCacheProperties properties, String name, Cache cache) {
		String prefix = "weir.cache.caches." + name;
		if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
			throw new InvalidWeirPropertyException(prefix, name,
					"a cache name takes 1 to " + MAX_NAME_BYTES + " bytes in UTF-8",
					"Give the cache a shorter name under weir.cache.caches.");
		}
		Duration ttl = duration(pick(prefix + ".ttl", cache.getTtl(), "weir.cache.ttl", properties.getTtl()));
		Duration tombstoneTtl = duration(pick(prefix + ".tombstone-ttl", cache.getTombstoneTtl(),
				"weir.cache.tombstone-ttl", (properties.getTombstoneTtl() != null) ? properties.getTombstoneTtl() : ttl));
		Setting<Integer> maxEntries = pick(prefix + ".max-entries", cache.getMaxEntries(), "weir.cache.max-entries",
				properties.getMaxEntries());
		if (maxEntries.value() < 1) {
			throw maxEntries.invalid("a cache must be able to hold at least one entry",
					"a positive number, such as 10000, or remove it");
		}
		Setting<DataSize> maxValueSize = pick(prefix + ".max-value-size", cache.getMaxValueSize(),
				"weir.cache.max-value-size", properties.getMaxValueSize());
		if (maxValueSize.value().isNegative() || maxValueSize.value().toBytes() > Integer.MAX_VALUE - 64) {
			throw maxValueSize.invalid("a value size must be from 0B to just under 2GB", "a size such as 64KB or 1MB");
		}
		return new CacheConfig(name, ttl, tombstoneTtl, maxEntries.value(), (int) maxValueSize.value().toBytes());
	}

	private static Duration duration(Setting<Duration> setting) {
		Duration duration = setting.value();
		if (duration.compareTo(Duration.ofMillis(1)) < 0 || duration.compareTo(Duration.ofDays(365_000)) > 0) {
			throw setting.invalid("a cache time must be from 1ms to 1000 years",
					"a positive duration such as 30s, 10m or 1h");
		}
		return duration;
	}

	/**
	 * Takes a cache's own value if it has one, else the default, remembering which property it
	 * came from so that an error names the one to fix.
	 */
	private static <T> Setting<T> pick(String property, @Nullable T value, String defaultProperty, T defaultValue) {
		return (value != null) ? new Setting<>(property, value) : new Setting<>(defaultProperty, defaultValue);
	}

	/**
	 * A value and the property it came from.
	 */
	private record Setting<T>(String property, T value) {

		InvalidWeirPropertyException invalid(String reason, String example) {
			return new InvalidWeirPropertyException(this.property, this.value.toString(), reason,
					"Set " + this.property + " to " + example + ".");
		}

	}

}
