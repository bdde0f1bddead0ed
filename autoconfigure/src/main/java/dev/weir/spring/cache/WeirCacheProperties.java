package dev.weir.spring.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of Weir's replicated caches: defaults, and the caches by name.
 */
@ConfigurationProperties("weir.cache")
public class WeirCacheProperties {

	/**
	 * Whether to provide Weir's CacheManager. When unset, it is provided if at least one cache
	 * is declared under weir.cache.caches or weir.cache.dynamic is true.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Whether a cache name that is not declared under weir.cache.caches is created on first
	 * use, with the defaults. Every instance must then use the same names.
	 */
	private boolean dynamic = false;

	/**
	 * Whether caches store null values. When false, caching a null fails, as with Spring's own
	 * caches; a method that may return null then needs unless = "#result == null".
	 */
	private boolean allowNullValues = true;

	/**
	 * Default time an entry lives after it was written, on the writer's clock.
	 */
	private Duration ttl = Duration.ofMinutes(10);

	/**
	 * Default time an eviction or clear is remembered. When unset, the cache's TTL, so that no
	 * deleted value can come back while it would still be live.
	 */
	private @Nullable Duration tombstoneTtl;

	/**
	 * Default maximum number of entries, tombstones included, that one instance keeps per cache.
	 */
	private int maxEntries = 10_000;

	/**
	 * Default maximum size of one serialized value. Larger values are refused at put.
	 */
	private DataSize maxValueSize = DataSize.ofMegabytes(1);

	/**
	 * Caches by name, each overriding the defaults.
	 */
	private Map<String, Cache> caches = new LinkedHashMap<>();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isDynamic() {
		return this.dynamic;
	}

	public void setDynamic(boolean dynamic) {
		this.dynamic = dynamic;
	}

	public boolean isAllowNullValues() {
		return this.allowNullValues;
	}

	public void setAllowNullValues(boolean allowNullValues) {
		this.allowNullValues = allowNullValues;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public @Nullable Duration getTombstoneTtl() {
		return this.tombstoneTtl;
	}

	public void setTombstoneTtl(@Nullable Duration tombstoneTtl) {
		this.tombstoneTtl = tombstoneTtl;
	}

	public int getMaxEntries() {
		return this.maxEntries;
	}

	public void setMaxEntries(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	public DataSize getMaxValueSize() {
		return this.maxValueSize;
	}

	public void setMaxValueSize(DataSize maxValueSize) {
		this.maxValueSize = maxValueSize;
	}

	public Map<String, Cache> getCaches() {
		return this.caches;
	}

	public void setCaches(Map<String, Cache> caches) {
		this.caches = caches;
	}

	/**
	 * One cache; what is unset takes the default from weir.cache.
	 */
	public static class Cache {

		/**
		 * Time an entry lives after it was written, on the writer's clock.
		 */
		private @Nullable Duration ttl;

		/**
		 * Time an eviction or clear is remembered.
		 */
		private @Nullable Duration tombstoneTtl;

		/**
		 * Maximum number of entries, tombstones included, that one instance keeps.
		 */
		private @Nullable Integer maxEntries;

		/**
		 * Maximum size of one serialized value.
		 */
		private @Nullable DataSize maxValueSize;

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Duration getTombstoneTtl() {
			return this.tombstoneTtl;
		}

		public void setTombstoneTtl(@Nullable Duration tombstoneTtl) {
			this.tombstoneTtl = tombstoneTtl;
		}

		public @Nullable Integer getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(@Nullable Integer maxEntries) {
			this.maxEntries = maxEntries;
		}

		public @Nullable DataSize getMaxValueSize() {
			return this.maxValueSize;
		}

		public void setMaxValueSize(@Nullable DataSize maxValueSize) {
			this.maxValueSize = maxValueSize;
		}

	}

}
