package dev.weir.state.cache;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The named {@link ReplicatedCache}s of an application: those configured up front and, if a
 * factory is given, those created on first use of a new name. Whatever replicates state over
 * the cluster registers with {@link #forEachCache} to attach every cache, including later ones.
 */
public final class ReplicatedCaches {

	private final Map<String, ReplicatedCache> caches = new ConcurrentHashMap<>();

	private final @Nullable Function<String, ReplicatedCache> factory;

	private final List<Consumer<ReplicatedCache>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates a registry.
	 * @param configured the caches known up front
	 * @param factory creates a cache for a name not configured, or {@code null} if only the
	 * configured caches exist
	 * @throws IllegalArgumentException if two caches have one name
	 */
	public ReplicatedCaches(Collection<ReplicatedCache> configured, @Nullable Function<String, ReplicatedCache> factory) {
		this.factory = factory;
		for (ReplicatedCache cache : configured) {
			ReplicatedCache previous = this.caches.putIfAbsent(cache.config().name(), cache);
			if (previous != null) {
				throw new IllegalArgumentException("two caches are named '" + cache.config().name() + "'");
			}
		}
	}

	/**
	 * Returns the cache with a name, creating it if a factory was given.
	 * @param name the name
	 * @return the cache, or empty if there is none of that name and none may be created
	 */
	public Optional<ReplicatedCache> get(String name) {
		Objects.requireNonNull(name, "name");
		ReplicatedCache cache = this.caches.get(name);
		if (cache == null && this.factory != null) {
			cache = create(name, this.factory);
		}
		return Optional.ofNullable(cache);
	}

	/**
	 * Returns whether caches are created on first use of a name.
	 * @return whether a factory was given
	 */
	public boolean createsOnDemand() {
		return this.factory != null;
	}

	/**
	 * Creates and registers a cache, and tells the listeners, under the registry's lock so that
	 * a listener added meanwhile hears of it exactly once.
	 */
	private synchronized ReplicatedCache create(String name, Function<String, ReplicatedCache> factory) {
		ReplicatedCache existing = this.caches.get(name);
		if (existing != null) {
			return existing;
		}
		ReplicatedCache created = Objects.requireNonNull(factory.apply(name), "factory returned null");
		if (!created.config().name().equals(name)) {
			throw new IllegalStateException(
					"factory made cache '" + created.config().name() + "' when asked for '" + name + "'");
		}
		this.caches.put(name, created);
		this.listeners.forEach((listener) -> listener.accept(created));
		return created;
	}

	/**
	 * Calls a listener for every cache registered now and for each one created later, such as
	 * to attach it to the cluster.
	 * @param listener the listener
	 */
	public synchronized void forEachCache(Consumer<ReplicatedCache> listener) {
		Objects.requireNonNull(listener, "listener");
		this.listeners.add(listener);
		this.caches.values().forEach(listener);
	}

	/**
	 * Returns the names of every cache, configured or created since.
	 * @return the names, a snapshot
	 */
	public List<String> names() {
		return List.copyOf(this.caches.keySet());
	}

	/**
	 * Returns every cache, configured or created since.
	 * @return the caches, a snapshot
	 */
	public List<ReplicatedCache> all() {
		return List.copyOf(this.caches.values());
	}

}
