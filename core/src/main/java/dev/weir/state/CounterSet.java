package dev.weir.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The replicated counts of one limiter or shared counter: for each key, the windows still
 * live, each window a {@link WindowCounter}. Windows are aligned to the epoch on the wall
 * clock, so that every node agrees where they start. A key keeps its two newest windows (the
 * current and the previous one, which a sliding window weighs); older ones are dropped.
 *
 * <p>The number of keys is bounded: a new key at the bound first drops keys whose windows are
 * all over, then, if need be, a tenth of the keys whose newest window is oldest; those are
 * counted in {@link #evictedKeys()}. An evicted key's own slot is not lost for good: peers
 * still hold it, and give it back in the next exchange if the key comes back.
 */
final class CounterSet {

	final CounterStore store;

	final String name;

	final long windowMillis;

	private final int maxKeys;

	private final ConcurrentHashMap<String, KeyWindows> keys = new ConcurrentHashMap<>();

	private final ReentrantLock trimLock = new ReentrantLock();

	private final LongAdder evicted = new LongAdder();

	CounterSet(CounterStore store, String name, long windowMillis, int maxKeys) {
		this.store = store;
		this.name = name;
		this.windowMillis = windowMillis;
		this.maxKeys = maxKeys;
	}

	long windowIndex(long wallTimeMillis) {
		return Math.floorDiv(wallTimeMillis, this.windowMillis);
	}

	/**
	 * Returns the counter a decision at window {@code index} counts in: that window's, or the
	 * newest the key has counted in if the clock stepped back behind it.
	 */
	WindowCounter counting(String key, long index) {
		KeyWindows windows = windows(key);
		while (true) {
			WindowCounter newest = windows.newest();
			if (newest != null && newest.index > index) {
				return newest;
			}
			WindowCounter counter = windows.at(this, key, index);
			if (counter != null) {
				return counter;
			}
		}
	}

	/**
	 * Returns the counter of exactly window {@code index}, or {@code null} if the key has not
	 * counted in it.
	 */
	@Nullable WindowCounter find(String key, long index) {
		KeyWindows windows = this.keys.get(key);
		if (windows == null) {
			return null;
		}
		WindowCounter counter = windows.get(parity(index));
		return (counter != null && counter.index == index) ? counter : null;
	}

	/**
	 * Returns the counter of window {@code index} to merge a peer's slot into, creating it, or
	 * {@code null} if that window is over here: the key has counted in a newer window of the
	 * same parity, or the window ended before the previous one.
	 */
	@Nullable WindowCounter forMerge(String key, long index) {
		if (index < windowIndex(this.store.clock().wallTimeMillis()) - 1) {
			return null;
		}
		return windows(key).at(this, key, index);
	}

	private KeyWindows windows(String key) {
		KeyWindows windows = this.keys.get(key);
		if (windows != null) {
			return windows;
		}
		if (this.keys.size() >= this.maxKeys) {
			trim();
		}
		return this.keys.computeIfAbsent(key, (k) -> new KeyWindows());
	}

	/**
	 * Drops the keys whose windows are all over, then, if the set is still at its bound, the
	 * tenth of the keys whose newest window is oldest.
	 */
	private void trim() {
		if (!this.trimLock.tryLock()) {
			return;
		}
		try {
			if (this.keys.size() < this.maxKeys) {
				return;
			}
			long live = windowIndex(this.store.clock().wallTimeMillis()) - 1;
			List<Map.Entry<String, KeyWindows>> candidates = new ArrayList<>();
			for (Map.Entry<String, KeyWindows> entry : this.keys.entrySet()) {
				WindowCounter newest = entry.getValue().newest();
				if (newest == null || newest.index < live) {
					this.keys.remove(entry.getKey(), entry.getValue());
				}
				else {
					candidates.add(entry);
				}
			}
			int excess = candidates.size() - (this.maxKeys - Math.max(1, this.maxKeys / 10));
			if (excess <= 0) {
				return;
			}
			candidates.sort(Comparator.comparingLong((Map.Entry<String, KeyWindows> entry) -> newestIndex(entry.getValue()))
				.thenComparingLong((entry) -> total(entry.getValue())));
			for (int i = 0; i < excess; i++) {
				if (this.keys.remove(candidates.get(i).getKey(), candidates.get(i).getValue())) {
					this.evicted.increment();
				}
			}
		}
		finally {
			this.trimLock.unlock();
		}
	}

	/**
	 * Drops the keys whose windows are all over.
	 */
	void expire(long wallTimeMillis) {
		long live = windowIndex(wallTimeMillis) - 1;
		this.keys.entrySet().removeIf((entry) -> {
			WindowCounter newest = entry.getValue().newest();
			return newest == null || newest.index < live;
		});
	}

	/**
	 * Calls the consumer with every live window counter.
	 */
	void forEachLive(long wallTimeMillis, Consumer<WindowCounter> consumer) {
		long live = windowIndex(wallTimeMillis) - 1;
		for (KeyWindows windows : this.keys.values()) {
			for (int i = 0; i < 2; i++) {
				WindowCounter counter = windows.get(i);
				if (counter != null && counter.index >= live) {
					consumer.accept(counter);
				}
			}
		}
	}

	int keyCount() {
		return this.keys.size();
	}

	long evictedKeys() {
		return this.evicted.sum();
	}

	private static long newestIndex(KeyWindows windows) {
		WindowCounter newest = windows.newest();
		return (newest != null) ? newest.index : Long.MIN_VALUE;
	}

	private static long total(KeyWindows windows) {
		WindowCounter newest = windows.newest();
		return (newest != null) ? newest.total() : 0;
	}

	private static int parity(long index) {
		return (int) (index & 1);
	}

	/**
	 * The two newest windows of one key, the even one and the odd one.
	 */
	private static final class KeyWindows {

		private static final VarHandle EVEN;

		private static final VarHandle ODD;

		static {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				EVEN = lookup.findVarHandle(KeyWindows.class, "even", WindowCounter.class);
				ODD = lookup.findVarHandle(KeyWindows.class, "odd", WindowCounter.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		/** The two windows as fields of this object rather than an array: one load less. */
		private volatile @Nullable WindowCounter even;

		private volatile @Nullable WindowCounter odd;

		@Nullable WindowCounter get(int parity) {
			return (parity == 0) ? this.even : this.odd;
		}

		@Nullable WindowCounter newest() {
			WindowCounter even = this.even;
			WindowCounter odd = this.odd;
			if (even == null) {
				return odd;
			}
			return (odd == null || even.index > odd.index) ? even : odd;
		}

		/**
		 * Returns the counter of window {@code index}, replacing an older one of the same
		 * parity; {@code null} if a newer one holds the place.
		 */
		@Nullable WindowCounter at(CounterSet set, String key, long index) {
			int parity = parity(index);
			VarHandle slot = (parity == 0) ? EVEN : ODD;
			while (true) {
				WindowCounter current = get(parity);
				if (current != null && current.index >= index) {
					return (current.index == index) ? current : null;
				}
				WindowCounter created = new WindowCounter(set, key, index);
				if (slot.compareAndSet(this, current, created)) {
					return created;
				}
			}
		}

	}

}
