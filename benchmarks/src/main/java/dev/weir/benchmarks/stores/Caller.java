package dev.weir.benchmarks.stores;

import java.util.ArrayDeque;

/**
 * One concurrent caller of a store: its own holder at the coordinator (a process of its own, as
 * concurrent leases of one key come from different processes; one process leases a key on one
 * thread at a time), its request and give-back numbers, its place in the key set, and the units
 * it was granted and has not given back yet, oldest first. Used by one thread at a time.
 */
final class Caller {

	private final String holder;

	private final String[] keys;

	private int cursor;

	private long requestId;

	private long seq;

	private long windowIndex = Long.MIN_VALUE;

	/** One entry per unit granted and not given back: the key it was granted on. */
	private final ArrayDeque<String> held = new ArrayDeque<>();

	private long zeroGrants;

	private long giveBacks;

	private long giveBacksAtMark;

	private long largestRun;

	private long uncredited;

	Caller(int index, String[] keys) {
		this.holder = "r" + index + "/bench";
		this.keys = keys;
		// Callers start at different places so that the spread ones rarely meet on a key.
		this.cursor = Math.floorMod(index * 61, keys.length);
	}

	String holder() {
		return this.holder;
	}

	String nextKey() {
		String key = this.keys[this.cursor];
		this.cursor = (this.cursor + 1 == this.keys.length) ? 0 : this.cursor + 1;
		return key;
	}

	long nextRequestId() {
		return ++this.requestId;
	}

	long nextSeq() {
		return ++this.seq;
	}

	long windowIndex() {
		return this.windowIndex;
	}

	void granted(String key, long granted, long window) {
		this.windowIndex = window;
		if (granted == 0) {
			this.zeroGrants++;
		}
		for (long i = 0; i < granted; i++) {
			this.held.add(key);
		}
	}

	/**
	 * Takes the oldest unit granted and not given back, for a give-back.
	 * @return the key it was granted on, or the next key if the caller holds nothing (the
	 * coordinator then credits nothing, and {@link #uncredited()} shows it)
	 */
	String nextHeldKey() {
		this.giveBacks++;
		String key = this.held.poll();
		return (key != null) ? key : nextKey();
	}

	long heldUnits() {
		return this.held.size();
	}

	/**
	 * Returns how many units this caller should hold before its next run of give-backs: twice
	 * its largest run so far, and 256 at least.
	 * @return the units
	 */
	long unitsWanted() {
		this.largestRun = Math.max(this.largestRun, this.giveBacks - this.giveBacksAtMark);
		this.giveBacksAtMark = this.giveBacks;
		return 2 * this.largestRun + 256;
	}

	void credited(long units) {
		if (units == 0) {
			this.uncredited++;
		}
	}

	long zeroGrants() {
		return this.zeroGrants;
	}

	long uncredited() {
		return this.uncredited;
	}

}
