package dev.weir.spring.cache;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

import dev.weir.state.cache.ReplicatedCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over one {@link ReplicatedCache}: what one
 * instance puts, evicts or clears reaches every instance of the cluster, eventually.
 *
 * <p>Keys are the {@link String#valueOf(Object) string form} of Spring's cache keys, so a key
 * must print the same on every instance: strings, numbers, enums, UUIDs, records of those, and
 * Spring's {@code SimpleKey} of those do. A key whose class does not override
 * {@code toString} is refused, since its identity hash would differ on each instance. Keys of
 * different types that print alike ({@code 1} and {@code "1"}) name the same entry.
 *
 * <p>Values go through the {@link WeirCacheSerializer}; a stored {@code null} is an empty byte
 * array. An entry that cannot be deserialized (say a class changed during a rolling upgrade)
 * reads as a miss, is counted in {@link #unreadableCount()}, and is replaced at the next put.
 */
public final class WeirCache extends AbstractValueAdaptingCache {

	private static final Logger logger = LoggerFactory.getLogger(WeirCache.class);

	private static final byte[] NULL = new byte[0];

	private static final ClassValue<Boolean> PRINTS_ITSELF = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			try {
				return type.getMethod("toString").getDeclaringClass() != Object.class;
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}
	};

	private final ReplicatedCache cache;

	private final WeirCacheSerializer serializer;

	/** Loads of keys in different stripes run in parallel; 64 is plenty for a cache's loaders. */
	private final Object[] loadLocks = new Object[64];

	private final LongAdder unreadable = new LongAdder();

	/**
	 * Creates a cache.
	 * @param cache the replicated cache underneath
	 * @param serializer turns values into bytes and back
	 * @param allowNullValues whether {@code null} values are cached
	 */
	public WeirCache(ReplicatedCache cache, WeirCacheSerializer serializer, boolean allowNullValues) {
		super(allowNullValues);
		this.cache = Objects.requireNonNull(cache, "cache");
		this.serializer = Objects.requireNonNull(serializer, "serializer");
		for (int i = 0; i < this.loadLocks.length; i++) {
			this.loadLocks[i] = new Object();
		}
	}

	@Override
	public String getName() {
		return this.cache.config().name();
	}

	@Override
	public ReplicatedCache getNativeCache() {
		return this.cache;
	}

	/**
	 * Returns how many reads found an entry that could not be deserialized.
	 * @return the count since creation
	 */
	public long unreadableCount() {
		return this.unreadable.sum();
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		return this.cache.get(keyOf(key)).map(this::decode).orElse(null);
	}

	/**
	 * Loads a missing value once per instance: concurrent callers for the key on this instance
	 * wait for the first (and callers for other keys of the same lock stripe wait too); other
	 * instances may load it as well, and the last write wins.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		ValueWrapper found = get(key);
		if (found != null) {
			return (T) found.get();
		}
		synchronized (this.loadLocks[Math.floorMod(keyOf(key).hashCode(), this.loadLocks.length)]) {
			found = get(key);
			if (found != null) {
				return (T) found.get();
			}
			T value;
			try {
				value = valueLoader.call();
			}
			catch (Throwable ex) {
				throw new ValueRetrievalException(key, valueLoader, ex);
			}
			put(key, value);
			return value;
		}
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		this.cache.put(keyOf(key), encode(toStoreValue(value)));
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		Optional<byte[]> existing = this.cache.putIfAbsent(keyOf(key), encode(toStoreValue(value)));
		return existing.map(this::decode).map(this::toValueWrapper).orElse(null);
	}

	@Override
	public void evict(Object key) {
		this.cache.evict(keyOf(key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.cache.evict(keyOf(key));
	}

	@Override
	public void clear() {
		this.cache.clear();
	}

	@Override
	public boolean invalidate() {
		boolean had = this.cache.size() > 0;
		this.cache.clear();
		return had;
	}

	private byte[] encode(Object storeValue) {
		if (storeValue == NullValue.INSTANCE) {
			return NULL;
		}
		byte[] bytes = this.serializer.serialize(storeValue);
		if (bytes.length == 0) {
			throw new IllegalStateException(
					"the cache serializer wrote no bytes for a " + storeValue.getClass().getName() + " in cache '"
							+ getName() + "'; an empty value stands for null");
		}
		return bytes;
	}

	private @Nullable Object decode(byte[] bytes) {
		if (bytes.length == 0) {
			return NullValue.INSTANCE;
		}
		try {
			return this.serializer.deserialize(bytes);
		}
		catch (RuntimeException ex) {
			this.unreadable.increment();
			logger.debug("Unreadable entry in cache={}, read as a miss: {}", getName(), ex.toString());
			return null;
		}
	}

	static String keyOf(Object key) {
		if (key instanceof String string) {
			return string;
		}
		if (!PRINTS_ITSELF.get(key.getClass())) {
			throw new IllegalArgumentException("a cache key of type " + key.getClass().getName()
					+ " has no toString of its own, so it would name a different entry on each instance;"
					+ " use a String key or a type that prints its value");
		}
		return key.toString();
	}

}
