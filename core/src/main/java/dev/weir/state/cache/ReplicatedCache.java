package dev.weir.state.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.weir.cluster.LamportClock;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.state.ReplicatedState;
import dev.weir.time.Clock;

/**
 * A key-value cache that every node of the cluster holds a replica of, converging on the same
 * entries without any external store.
 *
 * <p><b>Last writer wins.</b> Every write ({@link #put}, {@link #evict}, {@link #clear}) ticks
 * this replica's {@link LamportClock} and is stamped with (Lamport time, node name); every merge
 * witnesses the times it sees, so a node's next write beats everything it has seen. For each
 * key a replica keeps the write with the greatest stamp, comparing Lamport times first and node
 * names second. This choice is a maximum in a total order, hence idempotent, commutative and
 * associative: replicas that received the same writes hold the same entries, whatever the
 * order, duplication or path (delta or snapshot) of their arrival.
 *
 * <p><b>TTL.</b> An entry expires {@link CacheConfig#ttl()} after it was written, measured on
 * the writer's wall clock; its expiry travels with it as an absolute time, so replicas agree on
 * it as closely as their wall clocks agree. Expired entries are invisible at once and purged at
 * the next write, merge, drain or snapshot.
 *
 * <p><b>Deletions</b> are writes too. {@link #evict} writes a tombstone for its key, kept for
 * {@link CacheConfig#tombstoneTtl()}; {@link #clear} records one stamp that deletes every entry
 * written before it, on this node or any other, including entries it has not yet received. The
 * clear stamp is a single small record and is never dropped. Both win and lose by the same order
 * as values: a write stamped after a deletion survives it.
 *
 * <p><b>Bound.</b> A replica keeps at most {@link CacheConfig#maxEntries()} entries, tombstones
 * included. When a write would exceed it, the entry that expires first goes (with one TTL per
 * cache, that is the least recently written one), counted in {@link #evictionCount()}. Eviction
 * is local, not a deletion: other replicas keep their copy.
 *
 * <p><b>Replication.</b> {@link #drainDeltas} hands out this node's own writes since the
 * previous call, only the latest per key. A write whose encoding does not fit in one delta of
 * the gossip layer's size is not sent by gossip; it reaches the other nodes in the next
 * push-pull {@link #snapshot}, and is counted in {@link #snapshotOnlyCount()}. Values larger
 * than {@link CacheConfig#maxValueBytes()} are refused at {@link #put}.
 *
 * <p><b>Threads.</b> Reads take no lock. Writes, merges, drains and snapshots serialise on one
 * lock per cache and keep it for a map update and, when the cache is full, a walk of a sorted
 * index, never for I/O or encoding.
 */
public final class ReplicatedCache implements ReplicatedState {

	private final CacheConfig config;

	private final String nodeName;

	private final Clock clock;

	private final LamportClock lamport;

	private final long ttlMillis;

	private final long tombstoneTtlMillis;

	private final Object lock = new Object();

	/** Read by any thread without the lock; written only under it. */
	private final Map<String, CacheEntry> entries = new ConcurrentHashMap<>();

	/** Every entry of {@link #entries}, soonest expiry first. Guarded by the lock. */
	private final TreeSet<CacheEntry> byExpiry = new TreeSet<>(CacheEntry.EXPIRY_ORDER);

	/** This node's writes not yet drained, the latest per key, oldest first. Guarded by the lock. */
	private final LinkedHashMap<String, CacheEntry> pending = new LinkedHashMap<>();

	/** Guarded by the lock. */
	private @Nullable Stamp clear;

	/** Guarded by the lock. */
	private boolean clearPending;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder snapshotOnly = new LongAdder();

	/**
	 * Creates a replica with a Lamport clock of its own, started at the wall time in
	 * milliseconds rather than at 1: a node that restarts under the same name then stamps its
	 * writes after those of its earlier life (as long as that life, with what it witnessed,
	 * ticked less than once per millisecond of its uptime), even before it has merged a peer's
	 * snapshot.
	 * @param config the cache's configuration
	 * @param nodeName the name of this node, unique in the cluster
	 * @param clock the source of wall time for expiry and for the clock's start
	 */
	public ReplicatedCache(CacheConfig config, String nodeName, Clock clock) {
		this(config, nodeName, clock, startedAt(clock.wallTimeMillis()));
	}

	/**
	 * Creates a replica.
	 * @param config the cache's configuration
	 * @param nodeName the name of this node, unique in the cluster
	 * @param clock the source of wall time for expiry
	 * @param lamport the Lamport clock that stamps this node's writes, possibly shared with
	 * other state
	 */
	public ReplicatedCache(CacheConfig config, String nodeName, Clock clock, LamportClock lamport) {
		this.config = Objects.requireNonNull(config, "config");
		this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
		if (nodeName.isEmpty()) {
			throw new IllegalArgumentException("nodeName must not be empty");
		}
		this.clock = Objects.requireNonNull(clock, "clock");
		this.lamport = Objects.requireNonNull(lamport, "lamport");
		this.ttlMillis = config.ttl().toMillis();
		this.tombstoneTtlMillis = config.tombstoneTtl().toMillis();
	}

	@Override
	public String id() {
		return this.config.id();
	}

	/**
	 * Returns this cache's configuration.
	 * @return the configuration
	 */
	public CacheConfig config() {
		return this.config;
	}

	/**
	 * Returns the name of the node whose writes this replica stamps.
	 * @return the node name
	 */
	public String nodeName() {
		return this.nodeName;
	}

	/**
	 * Returns the value of a key, unless it is absent, deleted or expired.
	 * @param key the key
	 * @return a copy of the value, or empty
	 */
	public Optional<byte[]> get(String key) {
		Objects.requireNonNull(key, "key");
		CacheEntry entry = this.entries.get(key);
		if (entry == null || !entry.isLiveAt(now())) {
			this.misses.increment();
			return Optional.empty();
		}
		this.hits.increment();
		return Optional.of(entry.value().clone());
	}

	/**
	 * Writes a value, which replaces whatever the key held on every replica that has not seen a
	 * later write to it.
	 * @param key the key
	 * @param value the value, copied
	 * @throws IllegalArgumentException if the value is larger than
	 * {@link CacheConfig#maxValueBytes()}
	 */
	public void put(String key, byte[] value) {
		Objects.requireNonNull(key, "key");
		byte[] copy = checkedCopy(value);
		synchronized (this.lock) {
			long now = purgeExpired();
			write(new CacheEntry(key, copy, nextStamp(), saturatedAdd(now, this.ttlMillis)));
		}
	}

	/**
	 * Writes a value unless the key holds a live one, atomically on this replica. Another
	 * replica may concurrently write the key too; the later write then wins everywhere.
	 * @param key the key
	 * @param value the value, copied
	 * @return a copy of the value already present, or empty if this one was written
	 * @throws IllegalArgumentException if the value is larger than
	 * {@link CacheConfig#maxValueBytes()}
	 */
	public Optional<byte[]> putIfAbsent(String key, byte[] value) {
		Objects.requireNonNull(key, "key");
		byte[] copy = checkedCopy(value);
		synchronized (this.lock) {
			long now = purgeExpired();
			CacheEntry existing = this.entries.get(key);
			if (existing != null && existing.isLiveAt(now)) {
				return Optional.of(existing.value().clone());
			}
			write(new CacheEntry(key, copy, nextStamp(), saturatedAdd(now, this.ttlMillis)));
			return Optional.empty();
		}
	}

	/**
	 * Deletes a key on every replica: writes a tombstone, even if this replica holds no value,
	 * since another may.
	 * @param key the key
	 * @return whether this replica held a live value for it
	 */
	public boolean evict(String key) {
		Objects.requireNonNull(key, "key");
		synchronized (this.lock) {
			long now = purgeExpired();
			CacheEntry existing = this.entries.get(key);
			write(new CacheEntry(key, null, nextStamp(), saturatedAdd(now, this.tombstoneTtlMillis)));
			return existing != null && existing.isLiveAt(now);
		}
	}

	/**
	 * Deletes every entry written before now, on every replica.
	 */
	public void clear() {
		synchronized (this.lock) {
			purgeExpired();
			applyClear(nextStamp());
			this.clearPending = true;
		}
	}

	/**
	 * Returns how many live entries this replica holds: neither tombstones nor expired ones.
	 * Counts them, so takes time in proportion to the cache's size.
	 * @return the number of live entries
	 */
	public int size() {
		long now = now();
		int size = 0;
		for (CacheEntry entry : this.entries.values()) {
			if (entry.isLiveAt(now)) {
				size++;
			}
		}
		return size;
	}

	/**
	 * Returns how many {@link #get} calls found a live value.
	 * @return the number of hits since creation
	 */
	public long hitCount() {
		return this.hits.sum();
	}

	/**
	 * Returns how many {@link #get} calls found no live value.
	 * @return the number of misses since creation
	 */
	public long missCount() {
		return this.misses.sum();
	}

	/**
	 * Returns how many entries this replica dropped to stay within
	 * {@link CacheConfig#maxEntries()}.
	 * @return the number of evictions since creation
	 */
	public long evictionCount() {
		return this.evictions.sum();
	}

	/**
	 * Returns how many of this node's writes were not sent by gossip and reach other nodes only
	 * in push-pull snapshots: too large for one delta, or dropped from the waiting writes when
	 * more than {@link CacheConfig#maxEntries()} of them waited for a drain.
	 * @return the number of such writes since creation
	 */
	public long snapshotOnlyCount() {
		return this.snapshotOnly.sum();
	}

	/**
	 * Returns this node's writes since the previous call, the latest per key, expired, cleared
	 * and superseded ones left out, packed into deltas of at most {@code maxBytes} each. A write too
	 * large for one delta on its own is left to snapshots and counted in
	 * {@link #snapshotOnlyCount()}.
	 */
	@Override
	public List<byte[]> drainDeltas(int maxBytes) {
		if (maxBytes < 1) {
			throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
		}
		List<CacheEntry> drained;
		byte[] clearToSend = null;
		synchronized (this.lock) {
			long now = purgeExpired();
			drained = new ArrayList<>(this.pending.size());
			for (CacheEntry entry : this.pending.values()) {
				if (!entry.isExpiredAt(now) && !isCleared(entry) && !isSuperseded(entry)) {
					drained.add(entry);
				}
			}
			this.pending.clear();
			if (this.clearPending) {
				clearToSend = CacheCodec.encodeClear(this.clear);
				this.clearPending = false;
			}
		}
		return pack(clearToSend, drained, maxBytes);
	}

	private List<byte[]> pack(byte @Nullable [] clearToSend, List<CacheEntry> drained, int maxBytes) {
		byte[] noClear = CacheCodec.encodeClear(null);
		byte[] clearOfBatch = noClear;
		if (clearToSend != null) {
			if (CacheCodec.OVERHEAD + clearToSend.length <= maxBytes) {
				clearOfBatch = clearToSend;
			}
			else {
				this.snapshotOnly.increment();
			}
		}
		List<byte[]> deltas = new ArrayList<>();
		List<byte[]> batch = new ArrayList<>();
		int size = CacheCodec.OVERHEAD + clearOfBatch.length;
		for (CacheEntry entry : drained) {
			byte[] encoded = CacheCodec.encodeEntry(entry);
			if (CacheCodec.OVERHEAD + noClear.length + encoded.length > maxBytes) {
				this.snapshotOnly.increment();
				continue;
			}
			if (size + encoded.length > maxBytes) {
				deltas.add(CacheCodec.encode(clearOfBatch, batch));
				batch = new ArrayList<>();
				clearOfBatch = noClear;
				size = CacheCodec.OVERHEAD + noClear.length;
			}
			batch.add(encoded);
			size += encoded.length;
		}
		if (!batch.isEmpty() || clearOfBatch != noClear) {
			deltas.add(CacheCodec.encode(clearOfBatch, batch));
		}
		return deltas;
	}

	@Override
	public boolean mergeDelta(byte[] delta) throws MalformedMessageException {
		return merge(CacheCodec.decode(delta));
	}

	/**
	 * Returns every live entry and tombstone this replica holds, and the latest clear.
	 */
	@Override
	public byte[] snapshot() {
		byte[] clearBytes;
		List<CacheEntry> all;
		synchronized (this.lock) {
			purgeExpired();
			clearBytes = CacheCodec.encodeClear(this.clear);
			all = new ArrayList<>(this.entries.values());
		}
		List<byte[]> encoded = new ArrayList<>(all.size());
		for (CacheEntry entry : all) {
			encoded.add(CacheCodec.encodeEntry(entry));
		}
		return CacheCodec.encode(clearBytes, encoded);
	}

	@Override
	public void mergeSnapshot(byte[] snapshot) throws MalformedMessageException {
		merge(CacheCodec.decode(snapshot));
	}

	/**
	 * Returns every entry this replica holds, tombstones included, and expired ones not yet
	 * purged: for tests.
	 */
	Map<String, CacheEntry> entries() {
		return Map.copyOf(this.entries);
	}

	private boolean merge(CacheCodec.Decoded decoded) {
		synchronized (this.lock) {
			long now = purgeExpired();
			boolean changed = false;
			Stamp incomingClear = decoded.clear();
			if (incomingClear != null) {
				this.lamport.witness(incomingClear.lamport());
				if (this.clear == null || incomingClear.compareTo(this.clear) > 0) {
					applyClear(incomingClear);
					changed = true;
				}
			}
			for (CacheEntry entry : decoded.entries()) {
				this.lamport.witness(entry.stamp().lamport());
				changed |= mergeEntry(entry, now);
			}
			return changed;
		}
	}

	private boolean mergeEntry(CacheEntry entry, long now) {
		if (isCleared(entry)) {
			return false;
		}
		CacheEntry existing = this.entries.get(entry.key());
		if (existing != null && CacheEntry.LAST_WRITER_WINS.compare(entry, existing) <= 0) {
			return false;
		}
		if (entry.isExpiredAt(now)) {
			// The write is over, yet it still beats every older write of the key, which may be
			// live by its own expiry (clock skew) and may arrive later, even later in this delta.
			// Kept as a tombstone, it refuses them whatever the order; it teaches nothing to
			// pass on unless it replaced something.
			store(new CacheEntry(entry.key(), null, entry.stamp(), saturatedAdd(now, this.tombstoneTtlMillis)));
			return existing != null;
		}
		return store(entry) || existing != null;
	}

	private void write(CacheEntry entry) {
		store(entry);
		this.pending.remove(entry.key());
		this.pending.put(entry.key(), entry);
		if (this.pending.size() > this.config.maxEntries()) {
			Iterator<CacheEntry> oldest = this.pending.values().iterator();
			oldest.next();
			oldest.remove();
			this.snapshotOnly.increment();
		}
	}

	/**
	 * Puts an entry in place of the key's current one, then lets entries go, soonest expiry
	 * first, until the bound holds again.
	 * @return whether the entry is still there
	 */
	private boolean store(CacheEntry entry) {
		CacheEntry previous = this.entries.put(entry.key(), entry);
		if (previous != null) {
			this.byExpiry.remove(previous);
		}
		this.byExpiry.add(entry);
		while (this.entries.size() > this.config.maxEntries()) {
			remove(this.byExpiry.first());
			this.evictions.increment();
		}
		return this.entries.get(entry.key()) == entry;
	}

	private void remove(CacheEntry entry) {
		this.byExpiry.remove(entry);
		this.entries.remove(entry.key(), entry);
	}

	private void applyClear(Stamp stamp) {
		this.clear = stamp;
		for (CacheEntry entry : List.copyOf(this.entries.values())) {
			if (isCleared(entry)) {
				remove(entry);
			}
		}
		this.pending.values().removeIf(this::isCleared);
	}

	/**
	 * Whether a newer write of the key arrived from another node: then this one need not travel.
	 * An entry evicted by the bound is not superseded, and still travels.
	 */
	private boolean isSuperseded(CacheEntry entry) {
		CacheEntry current = this.entries.get(entry.key());
		return current != null && CacheEntry.LAST_WRITER_WINS.compare(current, entry) > 0;
	}

	private boolean isCleared(CacheEntry entry) {
		Stamp cleared = this.clear;
		return cleared != null && entry.stamp().compareTo(cleared) <= 0;
	}

	/**
	 * Drops the entries and tombstones whose time is up.
	 * @return the wall time it used
	 */
	private long purgeExpired() {
		long now = now();
		while (!this.byExpiry.isEmpty() && this.byExpiry.first().isExpiredAt(now)) {
			remove(this.byExpiry.first());
		}
		return now;
	}

	private static LamportClock startedAt(long wallTimeMillis) {
		LamportClock lamport = new LamportClock();
		lamport.witness(Math.max(0, wallTimeMillis));
		return lamport;
	}

	private Stamp nextStamp() {
		return new Stamp(this.lamport.increment(), this.nodeName);
	}

	private byte[] checkedCopy(byte[] value) {
		Objects.requireNonNull(value, "value");
		if (value.length > this.config.maxValueBytes()) {
			throw new IllegalArgumentException("value takes " + value.length + " bytes, more than the "
					+ this.config.maxValueBytes() + " allowed in cache '" + this.config.name() + "'");
		}
		return value.clone();
	}

	private long now() {
		return this.clock.wallTimeMillis();
	}

	static long saturatedAdd(long millis, long more) {
		long sum = millis + more;
		return (((millis ^ sum) & (more ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

	@Override
	public String toString() {
		return "ReplicatedCache[id=" + id() + ", node=" + this.nodeName + "]";
	}

}
