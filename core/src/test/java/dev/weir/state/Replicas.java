package dev.weir.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.ManualClock;

/**
 * Counter stores of several nodes on one clock, without a network: {@link #sync()} hands every
 * delta to every other node, as gossip would once it has spread.
 */
final class Replicas {

	/** 2024-01-01T00:00:00Z, the start of a minute. */
	static final long START = 1_704_067_200_000L;

	final ManualClock clock = new ManualClock(START);

	final List<CounterStore> stores = new ArrayList<>();

	Replicas(int nodes) {
		this(nodes, 10_000);
	}

	Replicas(int nodes, int maxKeys) {
		for (int i = 0; i < nodes; i++) {
			CounterStore store = new CounterStore("node-" + i, this.clock, maxKeys);
			store.membership(nodes, i);
			this.stores.add(store);
		}
	}

	CounterStore node(int index) {
		return this.stores.get(index);
	}

	List<ClusterRateLimiter> limiters(long limit, Duration window, Algorithm algorithm) {
		List<ClusterRateLimiter> limiters = new ArrayList<>();
		for (CounterStore store : this.stores) {
			limiters.add(store.limiter(LimitPolicy.of("api", limit, window, algorithm)));
		}
		return limiters;
	}

	/**
	 * Every node gossips what changed and every other node merges it; then a new epoch begins.
	 */
	void sync() {
		List<byte[]> deltas = new ArrayList<>();
		List<Integer> origins = new ArrayList<>();
		for (int i = 0; i < this.stores.size(); i++) {
			for (byte[] delta : this.stores.get(i).drainDeltas(1000)) {
				deltas.add(delta);
				origins.add(i);
			}
		}
		for (int d = 0; d < deltas.size(); d++) {
			for (int i = 0; i < this.stores.size(); i++) {
				if (i != origins.get(d)) {
					merge(this.stores.get(i), deltas.get(d));
				}
			}
		}
		this.stores.forEach(CounterStore::tick);
	}

	static void merge(CounterStore store, byte[] delta) {
		try {
			store.mergeDelta(delta);
		}
		catch (MalformedMessageException ex) {
			throw new AssertionError(ex);
		}
	}

	static void mergeSnapshot(CounterStore store, byte[] snapshot) {
		try {
			store.mergeSnapshot(snapshot);
		}
		catch (MalformedMessageException ex) {
			throw new AssertionError(ex);
		}
	}

}
