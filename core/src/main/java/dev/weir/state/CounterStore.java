package dev.weir.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.Clock;

/**
 * Rate-limit counts shared by every node of a cluster, with no store but the nodes: for each
 * (counter, key, window) every node owns one slot and only ever raises its own; replicas merge
 * by taking the maximum per slot, and the cluster's count is the sum of the slots. Merging is
 * idempotent, commutative and associative, so duplicated, reordered or replayed updates and
 * healed partitions neither lose a count nor count one twice.
 *
 * <p>Updates leave the node coalesced: {@link #drainDeltas} sends the latest value of each slot
 * that changed since the last call, however many times it changed. {@link #snapshot()} carries
 * every slot of every live window, so that a node that missed updates, or joins, catches up in
 * one push-pull exchange.
 *
 * <p>Memory is bounded: each counter keeps at most its key bound (evictions are counted), only
 * the current and previous windows of a key are kept, and a peer cannot make this node keep more
 * than {@link #MAX_COUNTERS} counters.
 */
public final class CounterStore implements ReplicatedState {

	/**
	 * The most counters (name and window length) a node keeps, its own and those peers send.
	 */
	public static final int MAX_COUNTERS = 1024;

	/** The largest header of a delta's array. */
	private static final int DELTA_HEADER = 5;

	private final String self;

	private final Clock clock;

	private final int maxKeys;

	private final ConcurrentHashMap<CounterId, CounterSet> sets = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<WindowCounter> dirty = new ConcurrentLinkedQueue<>();

	/** Other nodes' slots learned from a snapshot, to pass on to everyone. */
	private final ConcurrentLinkedQueue<Slot> relay = new ConcurrentLinkedQueue<>();

	private final LongAdder refusedCounters = new LongAdder();

	private volatile long epoch;

	private volatile long epochNanos = 200_000_000L;

	private volatile int members = 1;

	private volatile int rank;

	/**
	 * Creates the store of one node.
	 * @param self the node's name, which owns its slots
	 * @param clock the clock windows are read from
	 * @param maxKeys how many keys each counter keeps at most
	 */
	public CounterStore(String self, Clock clock, int maxKeys) {
		this.self = Objects.requireNonNull(self, "self");
		this.clock = Objects.requireNonNull(clock, "clock");
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
		}
		this.maxKeys = maxKeys;
	}

	@Override
	public String id() {
		return "counters";
	}

	String self() {
		return this.self;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * Returns the counts of one counter, creating it on first use.
	 * @param name the counter's name, the same on every node
	 * @param window the window length, the same on every node; counters of one name and other
	 * lengths are kept apart
	 * @return the counter's counts
	 */
	CounterSet counterSet(String name, Duration window) {
		long windowMillis = window.toMillis();
		if (windowMillis < 1) {
			throw new IllegalArgumentException("window must be at least 1ms: " + window);
		}
		CounterSet set = this.sets.get(new CounterId(name, windowMillis));
		return (set != null) ? set : this.sets.computeIfAbsent(new CounterId(name, windowMillis),
				(id) -> new CounterSet(this, name, windowMillis, this.maxKeys));
	}

	/**
	 * Returns how many live keys the counters forgot at their key bound.
	 * @return the evictions since the store was created
	 */
	public long evictedKeys() {
		long evicted = 0;
		for (CounterSet set : this.sets.values()) {
			evicted += set.evictedKeys();
		}
		return evicted;
	}

	/**
	 * Returns how many keys the counters hold now.
	 * @return the number of keys
	 */
	public int keyCount() {
		int keys = 0;
		for (CounterSet set : this.sets.values()) {
			keys += set.keyCount();
		}
		return keys;
	}

	/**
	 * Returns how many counters a peer sent that this node refused, past {@link #MAX_COUNTERS}.
	 * @return the refusals since the store was created
	 */
	public long refusedCounters() {
		return this.refusedCounters.sum();
	}

	/**
	 * Returns a limiter whose limit holds for the whole cluster, counting in this store.
	 * @param policy what to enforce; its algorithm must be fixed or sliding window
	 * @return the limiter
	 * @throws IllegalArgumentException for a token bucket
	 */
	public ClusterRateLimiter limiter(LimitPolicy policy) {
		return new ClusterRateLimiter(policy, this);
	}

	/**
	 * Returns a counter that every node adds to and reads.
	 * @param name its name, the same on every node
	 * @param window its window, the same on every node
	 * @return the counter
	 */
	public SharedCounter counter(String name, Duration window) {
		Objects.requireNonNull(name, "name");
		return new SharedCounter(counterSet("counter/" + name, window), window);
	}

	// ---------------------------------------------------------------- the sync's side

	/**
	 * Sets how long a sync epoch lasts, so that a node that has spent its share can tell
	 * clients when to try again.
	 * @param interval the sync interval
	 */
	public void epochLength(Duration interval) {
		this.epochNanos = interval.toNanos();
	}

	long epochNanos() {
		return this.epochNanos;
	}

	/**
	 * Starts a new sync epoch: each node may widen its claim on a window once per epoch.
	 */
	public void tick() {
		this.epoch++;
	}

	long epoch() {
		return this.epoch;
	}

	/**
	 * Tells how many nodes share the limits, and this node's place among them in the order of
	 * their names, so that the remainder of a budget split between them goes round.
	 * @param members the number of alive members, this one included
	 * @param rank this node's place among them, from 0
	 */
	public void membership(int members, int rank) {
		if (members < 1 || rank < 0 || rank >= members) {
			throw new IllegalArgumentException("rank " + rank + " of " + members + " members");
		}
		this.members = members;
		this.rank = rank;
	}

	int members() {
		return this.members;
	}

	int rank() {
		return this.rank;
	}

	/**
	 * Drops the windows that are over from every counter.
	 */
	public void expire() {
		long now = this.clock.wallTimeMillis();
		for (CounterSet set : this.sets.values()) {
			set.expire(now);
		}
	}

	void dirty(WindowCounter counter) {
		this.dirty.add(counter);
	}

	/**
	 * Returns the slots that changed here since the last call: this node's own, each with its
	 * latest value however often it changed, and the other nodes' that a snapshot taught this
	 * node, so that a healed partition spreads what one exchange brought across.
	 */
	@Override
	public List<byte[]> drainDeltas(int maxBytes) {
		List<byte[]> deltas = new ArrayList<>();
		List<byte[]> batch = new ArrayList<>();
		int size = DELTA_HEADER;
		// Only the counters queued when the drain starts: one that decisions mark dirty again
		// meanwhile waits for the next drain, so that a drain under load ends and sends each
		// slot once.
		int queued = this.dirty.size();
		while (true) {
			Slot slot;
			WindowCounter counter = (queued-- > 0) ? this.dirty.poll() : null;
			if (counter != null) {
				counter.clean();
				slot = new Slot(counter.set.name, counter.set.windowMillis, counter.key, counter.index, this.self,
						counter.own(), counter.claim());
			}
			else {
				slot = this.relay.poll();
				if (slot == null) {
					break;
				}
			}
			byte[] entry = encodeEntry(slot);
			if (!batch.isEmpty() && size + entry.length > maxBytes) {
				deltas.add(encodeDelta(batch));
				batch.clear();
				size = DELTA_HEADER;
			}
			batch.add(entry);
			size += entry.length;
		}
		if (!batch.isEmpty()) {
			deltas.add(encodeDelta(batch));
		}
		return deltas;
	}

	/**
	 * A delta: {@code [[name, windowMillis, key, index, node, count, claim], ...]}, its entries
	 * encoded one by one so that a delta is filled to the byte.
	 */
	private static byte[] encodeDelta(List<byte[]> entries) {
		int size = DELTA_HEADER;
		for (byte[] entry : entries) {
			size += entry.length;
		}
		MsgpackWriter writer = new MsgpackWriter(size).arrayHeader(entries.size());
		for (byte[] entry : entries) {
			writer.raw(entry);
		}
		return writer.toByteArray();
	}

	private static byte[] encodeEntry(Slot slot) {
		return new MsgpackWriter(64 + slot.name.length() + slot.key.length() + slot.node.length()).arrayHeader(7)
			.string(slot.name)
			.integer(slot.windowMillis)
			.string(slot.key)
			.integer(slot.index)
			.string(slot.node)
			.integer(slot.count)
			.integer(slot.claim)
			.toByteArray();
	}

	@Override
	public boolean mergeDelta(byte[] delta) throws MalformedMessageException {
		MsgpackReader reader = new MsgpackReader(delta);
		int entries = reader.arrayHeader();
		List<Slot> slots = new ArrayList<>(Math.min(entries, 1024));
		for (int i = 0; i < entries; i++) {
			expect(reader.arrayHeader(), 7, "delta entry");
			slots.add(new Slot(reader.string(), positive(reader.integer(), "window"), reader.string(), reader.integer(),
					reader.string(), notNegative(reader.integer(), "count"), notNegative(reader.integer(), "claim")));
		}
		reader.expectEnd();
		boolean grew = false;
		for (Slot slot : slots) {
			grew |= merge(slot);
		}
		return grew;
	}

	/**
	 * A snapshot: {@code [[name, windowMillis, key, index, [[node, count, claim], ...]], ...]},
	 * every slot of every live window.
	 */
	@Override
	public byte[] snapshot() {
		long now = this.clock.wallTimeMillis();
		List<WindowCounter> live = new ArrayList<>();
		for (CounterSet set : this.sets.values()) {
			set.forEachLive(now, live::add);
		}
		MsgpackWriter writer = new MsgpackWriter(256 + 64 * live.size());
		writer.arrayHeader(live.size());
		for (WindowCounter counter : live) {
			List<Slot> slots = new ArrayList<>();
			counter.forEachSlot((node, count, claim) -> slots.add(new Slot(counter.set.name, counter.set.windowMillis,
					counter.key, counter.index, node, count, claim)));
			writer.arrayHeader(5)
				.string(counter.set.name)
				.integer(counter.set.windowMillis)
				.string(counter.key)
				.integer(counter.index)
				.arrayHeader(slots.size());
			for (Slot slot : slots) {
				writer.arrayHeader(3).string(slot.node).integer(slot.count).integer(slot.claim);
			}
		}
		return writer.toByteArray();
	}

	@Override
	public void mergeSnapshot(byte[] snapshot) throws MalformedMessageException {
		MsgpackReader reader = new MsgpackReader(snapshot);
		int windows = reader.arrayHeader();
		List<Slot> slots = new ArrayList<>();
		for (int i = 0; i < windows; i++) {
			expect(reader.arrayHeader(), 5, "snapshot window");
			String name = reader.string();
			long windowMillis = positive(reader.integer(), "window");
			String key = reader.string();
			long index = reader.integer();
			int nodes = reader.arrayHeader();
			for (int n = 0; n < nodes; n++) {
				expect(reader.arrayHeader(), 3, "snapshot slot");
				slots.add(new Slot(name, windowMillis, key, index, reader.string(), notNegative(reader.integer(), "count"),
						notNegative(reader.integer(), "claim")));
			}
		}
		reader.expectEnd();
		for (Slot slot : slots) {
			if (merge(slot) && !slot.node.equals(this.self)) {
				this.relay.add(slot);
			}
		}
	}

	private boolean merge(Slot slot) {
		CounterId id = new CounterId(slot.name, slot.windowMillis);
		CounterSet set = this.sets.get(id);
		if (set == null) {
			if (this.sets.size() >= MAX_COUNTERS) {
				this.refusedCounters.increment();
				return false;
			}
			set = this.sets.computeIfAbsent(id, (key) -> new CounterSet(this, slot.name, slot.windowMillis, this.maxKeys));
		}
		WindowCounter counter = set.forMerge(slot.key, slot.index);
		return counter != null && counter.merge(slot.node, slot.count, slot.claim);
	}

	private static void expect(int actual, int expected, String what) throws MalformedMessageException {
		if (actual != expected) {
			throw new MalformedMessageException(DropReason.MALFORMED,
					what + " has " + actual + " elements, not " + expected);
		}
	}

	private static long positive(long value, String what) throws MalformedMessageException {
		if (value < 1) {
			throw new MalformedMessageException(DropReason.MALFORMED, what + " must be positive: " + value);
		}
		return value;
	}

	private static long notNegative(long value, String what) throws MalformedMessageException {
		if (value < 0) {
			throw new MalformedMessageException(DropReason.MALFORMED, what + " must not be negative: " + value);
		}
		return value;
	}

	private record CounterId(String name, long windowMillis) {
	}

	private record Slot(String name, long windowMillis, String key, long index, String node, long count, long claim) {
	}

}
