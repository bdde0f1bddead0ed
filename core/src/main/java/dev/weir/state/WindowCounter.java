package dev.weir.state;

import java.util.HashMap;
import java.util.Map;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The count of one key in one window, as one node knows it: one slot per node, of which this
 * node only ever raises its own, and the others merged by taking the maximum.
 *
 * <p>Beside its count, each node publishes its <em>claim</em>: how far it may raise its own
 * slot without asking again (see {@link ClusterRateLimiter}). Claims only grow, so they merge by
 * the maximum too. A decision reads the own slot and the claim and moves the slot by one
 * compare-and-set; merges from the cluster's thread take the lock.
 */
final class WindowCounter {

	final CounterSet set;

	final String key;

	final long index;

	private static final VarHandle OWN;

	private static final VarHandle DIRTY;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			OWN = lookup.findVarHandle(WindowCounter.class, "own", long.class);
			DIRTY = lookup.findVarHandle(WindowCounter.class, "dirty", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** This node's slot, in this object rather than in an atomic of its own: one load less. */
	private volatile long own;

	private volatile long claim;

	/** The sync epoch of this node's last claim, so that it claims at most once an epoch. */
	private long claimEpoch = Long.MIN_VALUE;

	private final Map<String, long[]> others = new HashMap<>();

	/** The sum of the other nodes' slots. */
	private volatile long othersCount;

	/** The sum over the other nodes of the larger of slot and claim: what they may have spent. */
	private volatile long othersCommitted;

	private volatile boolean dirty;

	WindowCounter(CounterSet set, String key, long index) {
		this.set = set;
		this.key = key;
		this.index = index;
	}

	long own() {
		return this.own;
	}

	long claim() {
		return this.claim;
	}

	long othersCount() {
		return this.othersCount;
	}

	long othersCommitted() {
		return this.othersCommitted;
	}

	/**
	 * Returns the count of the whole cluster as this node knows it.
	 */
	long total() {
		return this.own + this.othersCount;
	}

	boolean casOwn(long expected, long value) {
		if (OWN.compareAndSet(this, expected, value)) {
			markDirty();
			return true;
		}
		return false;
	}

	/**
	 * Adds to the own slot unconditionally, for counters that do not limit.
	 */
	long addOwn(long amount) {
		long value = (long) OWN.getAndAdd(this, amount) + amount;
		markDirty();
		return value;
	}

	private void markDirty() {
		if (!this.dirty && DIRTY.compareAndSet(this, false, true)) {
			this.set.store.dirty(this);
		}
	}

	/**
	 * Clears the dirty mark before the slot is read for a delta, so that a change after the
	 * read marks it again.
	 */
	void clean() {
		this.dirty = false;
	}

	/**
	 * Widens this node's claim, at most once per epoch: by the share that {@code share} computes
	 * from what this node and the others have committed (counted, or claimed and not yet
	 * counted), so that an unspent claim grows until a request for several permits fits. Under the lock, so
	 * that a decision that finds the epoch's widening taken sees its result.
	 * @return whether this call widened the claim
	 */
	synchronized boolean widenClaim(long epoch, Share share) {
		if (this.claimEpoch == epoch) {
			return false;
		}
		this.claimEpoch = epoch;
		// What this node has committed: its count, or its claim if it has not spent all of it.
		long committed = Math.max(this.own, this.claim);
		long value = committed + share.of(committed, this.othersCommitted);
		if (value > this.claim) {
			this.claim = value;
			markDirty();
		}
		return true;
	}

	@FunctionalInterface
	interface Share {

		long of(long committed, long othersCommitted);

	}

	/**
	 * Merges what a node says of its own slot and claim; returns whether anything grew.
	 */
	synchronized boolean merge(String node, long count, long claimed) {
		if (node.equals(this.set.store.self())) {
			// Our own slot as others remember it, such as after a restart: take it back.
			boolean grew = false;
			long current = this.own;
			while (count > current) {
				if (OWN.compareAndSet(this, current, count)) {
					grew = true;
					break;
				}
				current = this.own;
			}
			if (claimed > this.claim) {
				this.claim = claimed;
				grew = true;
			}
			return grew;
		}
		long[] slot = this.others.get(node);
		if (slot == null) {
			slot = new long[2];
			this.others.put(node, slot);
		}
		long oldCount = slot[0];
		long oldClaim = slot[1];
		if (count <= oldCount && claimed <= oldClaim) {
			return false;
		}
		slot[0] = Math.max(oldCount, count);
		slot[1] = Math.max(oldClaim, claimed);
		this.othersCount += slot[0] - oldCount;
		this.othersCommitted += Math.max(slot[0], slot[1]) - Math.max(oldCount, oldClaim);
		return true;
	}

	/**
	 * Calls the visitor with every node's slot and claim, this node's included.
	 */
	synchronized void forEachSlot(SlotVisitor visitor) {
		visitor.visit(this.set.store.self(), this.own, this.claim);
		for (Map.Entry<String, long[]> entry : this.others.entrySet()) {
			visitor.visit(entry.getKey(), entry.getValue()[0], entry.getValue()[1]);
		}
	}

	@FunctionalInterface
	interface SlotVisitor {

		void visit(String node, long count, long claim);

	}

}
