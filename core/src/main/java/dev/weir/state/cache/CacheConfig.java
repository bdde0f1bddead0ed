package dev.weir.state.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How one {@link ReplicatedCache} behaves. Every node must configure a cache of one name alike.
 *
 * @param name the cache's name, the same on every node; its {@linkplain ReplicatedCache#id() id}
 * is {@code "cache/" + name}
 * @param ttl how long an entry lives after it was written, at least 1ms
 * @param tombstoneTtl how long an eviction or clear is remembered: as long as {@code ttl} (the
 * default) so that no older write it deleted can come back while that write is still live;
 * shorter saves memory at that risk
 * @param maxEntries how many entries and tombstones one node keeps at most
 * @param maxValueBytes the largest value {@link ReplicatedCache#put} accepts
 */
public record CacheConfig(String name, Duration ttl, Duration tombstoneTtl, int maxEntries, int maxValueBytes) {

	/**
	 * The default bound on entries: {@value}.
	 */
	public static final int DEFAULT_MAX_ENTRIES = 10_000;

	/**
	 * The default bound on a value's size: {@value} bytes (1 MiB).
	 */
	public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

	/**
	 * The prefix of every cache's {@linkplain ReplicatedCache#id() id}.
	 */
	public static final String ID_PREFIX = "cache/";

	private static final int MAX_ID_BYTES = 255;

	/**
	 * Creates a configuration, checking every value.
	 * @throws IllegalArgumentException if a value breaks its rule
	 */
	public CacheConfig {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(ttl, "ttl");
		Objects.requireNonNull(tombstoneTtl, "tombstoneTtl");
		if (name.isEmpty() || (ID_PREFIX + name).getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
			throw new IllegalArgumentException(
					"name must take 1 to " + (MAX_ID_BYTES - ID_PREFIX.length()) + " bytes in UTF-8: '" + name + "'");
		}
		checkMillis("ttl", ttl);
		checkMillis("tombstoneTtl", tombstoneTtl);
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
		}
		if (maxValueBytes < 0) {
			throw new IllegalArgumentException("maxValueBytes must not be negative: " + maxValueBytes);
		}
	}

	/**
	 * Returns a configuration with defaults: tombstones as long-lived as entries,
	 * {@value #DEFAULT_MAX_ENTRIES} entries, values up to 1 MiB.
	 * @param name the cache's name
	 * @param ttl how long an entry lives
	 * @return the configuration
	 */
	public static CacheConfig of(String name, Duration ttl) {
		return new CacheConfig(name, ttl, ttl, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_VALUE_BYTES);
	}

	/**
	 * Returns this configuration with another bound on entries.
	 * @param maxEntries the bound, positive
	 * @return the new configuration
	 */
	public CacheConfig withMaxEntries(int maxEntries) {
		return new CacheConfig(this.name, this.ttl, this.tombstoneTtl, maxEntries, this.maxValueBytes);
	}

	/**
	 * Returns this configuration with another lifetime for tombstones.
	 * @param tombstoneTtl the lifetime, at least 1ms
	 * @return the new configuration
	 */
	public CacheConfig withTombstoneTtl(Duration tombstoneTtl) {
		return new CacheConfig(this.name, this.ttl, tombstoneTtl, this.maxEntries, this.maxValueBytes);
	}

	/**
	 * Returns this configuration with another bound on a value's size.
	 * @param maxValueBytes the bound, zero or more
	 * @return the new configuration
	 */
	public CacheConfig withMaxValueBytes(int maxValueBytes) {
		return new CacheConfig(this.name, this.ttl, this.tombstoneTtl, this.maxEntries, maxValueBytes);
	}

	/**
	 * Returns the id under which replicas of this cache find each other.
	 * @return {@code "cache/" + name}
	 */
	public String id() {
		return ID_PREFIX + this.name;
	}

	private static void checkMillis(String parameter, Duration duration) {
		boolean valid;
		try {
			valid = duration.toMillis() >= 1;
		}
		catch (ArithmeticException ex) {
			valid = false;
		}
		if (!valid) {
			throw new IllegalArgumentException(parameter + " must be from 1ms to about 292 million years: " + duration);
		}
	}

}
