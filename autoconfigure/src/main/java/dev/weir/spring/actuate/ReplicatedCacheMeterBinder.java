package dev.weir.spring.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.weir.state.cache.ReplicatedCache;
import dev.weir.state.cache.ReplicatedCaches;

/**
 * Publishes each replicated cache's own counts as meters: {@code weir.cache.gets{cache,result}},
 * {@code weir.cache.entries{cache}}, {@code weir.cache.evictions{cache}} and
 * {@code weir.cache.gossip.skipped{cache}}. Caches created later (with
 * {@code weir.cache.dynamic}) are published as they appear. Tag values are cache names, never
 * keys.
 */
public final class ReplicatedCacheMeterBinder implements MeterBinder {

	private final ReplicatedCaches caches;

	/**
	 * Creates a binder for the caches of a registry.
	 * @param caches the registry
	 */
	public ReplicatedCacheMeterBinder(ReplicatedCaches caches) {
		this.caches = caches;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.caches.forEachCache((cache) -> bind(cache, registry));
	}

	private static void bind(ReplicatedCache cache, MeterRegistry registry) {
		String name = cache.config().name();
		FunctionCounter.builder("weir.cache.gets", cache, ReplicatedCache::hitCount)
			.description("Cache reads")
			.tags("cache", name, "result", "hit")
			.register(registry);
		FunctionCounter.builder("weir.cache.gets", cache, ReplicatedCache::missCount)
			.description("Cache reads")
			.tags("cache", name, "result", "miss")
			.register(registry);
		Gauge.builder("weir.cache.entries", cache, ReplicatedCache::size)
			.description("Live entries this instance holds")
			.tag("cache", name)
			.register(registry);
		FunctionCounter.builder("weir.cache.evictions", cache, ReplicatedCache::evictionCount)
			.description("Entries this instance dropped because the cache reached its max-entries")
			.tag("cache", name)
			.register(registry);
		FunctionCounter.builder("weir.cache.gossip.skipped", cache, ReplicatedCache::snapshotOnlyCount)
			.description("Writes not sent by gossip, left to push-pull snapshots: too large for one delta,"
					+ " or too many waiting")
			.tag("cache", name)
			.register(registry);
	}

}
