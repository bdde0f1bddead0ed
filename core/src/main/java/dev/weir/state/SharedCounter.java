package dev.weir.state;

import java.time.Duration;
import java.util.Objects;

/**
 * A count per key that every node of the cluster adds to and reads, over fixed windows aligned
 * to the epoch: for rules such as "block this bucket once it was read more than five times in
 * the last minute across all instances". Adding never waits on the network; reading returns the
 * sum of every node's slot as this node knows it, with the same consistency as a cluster-wide
 * limiter: this node's own additions at once, the others' within a gossip round or two.
 */
public final class SharedCounter {

	private final CounterSet set;

	private final Duration window;

	SharedCounter(CounterSet set, Duration window) {
		this.set = set;
		this.window = window;
	}

	/**
	 * Returns the counter's window.
	 * @return the window
	 */
	public Duration window() {
		return this.window;
	}

	/**
	 * Adds to a key's count in the current window.
	 * @param key the key
	 * @param amount how much to add, at least 1
	 * @return the key's count in the current window over the cluster, as known here
	 */
	public long add(String key, long amount) {
		Objects.requireNonNull(key, "key");
		if (amount < 1) {
			throw new IllegalArgumentException("amount must be positive: " + amount);
		}
		WindowCounter counter = this.set.counting(key, currentIndex());
		counter.addOwn(amount);
		return counter.total();
	}

	/**
	 * Returns a key's count in the current window over the cluster, as known here.
	 * @param key the key
	 * @return the count
	 */
	public long current(String key) {
		return count(key, currentIndex());
	}

	/**
	 * Returns a key's count in the previous window over the cluster, as known here.
	 * @param key the key
	 * @return the count
	 */
	public long previous(String key) {
		return count(key, currentIndex() - 1);
	}

	/**
	 * Returns a key's count over the last window length, estimated as a sliding window does: the
	 * previous window's count weighed by how much of it the last window length still covers, plus
	 * the current window's, rounded up.
	 * @param key the key
	 * @return the estimate
	 */
	public long lastWindow(String key) {
		long now = this.set.store.clock().wallTimeMillis();
		long index = this.set.windowIndex(now);
		long w = this.set.windowMillis;
		long elapsed = now - index * w;
		long previous = count(key, index - 1);
		return count(key, index) + Math.floorDiv(previous * (w - elapsed) + w - 1, w);
	}

	private long count(String key, long index) {
		WindowCounter counter = this.set.find(Objects.requireNonNull(key, "key"), index);
		return (counter != null) ? counter.total() : 0;
	}

	private long currentIndex() {
		return this.set.windowIndex(this.set.store.clock().wallTimeMillis());
	}

}
