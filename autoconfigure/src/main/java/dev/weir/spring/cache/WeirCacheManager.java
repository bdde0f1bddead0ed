package dev.weir.spring.cache;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.CacheManager;

import dev.weir.state.cache.ReplicatedCaches;

/**
 * A Spring {@link CacheManager} whose caches are Weir's {@link ReplicatedCaches}, each seen
 * through a {@link WeirCache}.
 *
 * <p>A name that is neither declared nor creatable ({@code weir.cache.dynamic=false}) has no
 * cache: {@link #getCache} returns {@code null}, as its contract says, so Spring's cache
 * interceptor fails the call with "Cannot find cache named …"; this manager also logs a warning
 * naming the property to set, once per name.
 */
public final class WeirCacheManager implements CacheManager {

	private static final Logger logger = LoggerFactory.getLogger(WeirCacheManager.class);

	private final ReplicatedCaches caches;

	private final WeirCacheSerializer serializer;

	private final boolean allowNullValues;

	private final Map<String, WeirCache> views = new ConcurrentHashMap<>();

	private final Set<String> unknown = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a manager.
	 * @param caches the replicated caches
	 * @param serializer turns values into bytes and back
	 * @param allowNullValues whether {@code null} values are cached
	 */
	public WeirCacheManager(ReplicatedCaches caches, WeirCacheSerializer serializer, boolean allowNullValues) {
		this.caches = Objects.requireNonNull(caches, "caches");
		this.serializer = Objects.requireNonNull(serializer, "serializer");
		this.allowNullValues = allowNullValues;
	}

	@Override
	public @Nullable WeirCache getCache(String name) {
		WeirCache view = this.views.get(name);
		if (view != null) {
			return view;
		}
		return this.caches.get(name)
			.map((cache) -> this.views.computeIfAbsent(name,
					(key) -> new WeirCache(cache, this.serializer, this.allowNullValues)))
			.orElseGet(() -> {
				if (this.unknown.size() < 1000 && this.unknown.add(name)) {
					logger.warn("No Weir cache named '{}': declare it under weir.cache.caches.{}.* (such as"
							+ " weir.cache.caches.{}.ttl=10m), or set weir.cache.dynamic=true", name, name, name);
				}
				return null;
			});
	}

	@Override
	public Collection<String> getCacheNames() {
		return this.caches.names();
	}

	/**
	 * Returns the replicated caches underneath.
	 * @return the registry
	 */
	public ReplicatedCaches replicatedCaches() {
		return this.caches;
	}

}
