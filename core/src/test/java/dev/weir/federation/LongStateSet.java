package dev.weir.federation;

import java.util.Arrays;

/**
 * The explorer's visited set and queue in one: states of a fixed number of {@code long} words,
 * stored flat in insertion (breadth-first) order with each one's parent and the action that
 * led to it, found again through an open-addressing index.
 */
final class LongStateSet {

	private final int stride;

	private long[] words;

	private int[] parents;

	private int[] actions;

	private int size;

	private int[] index;

	LongStateSet(int stride) {
		this.stride = stride;
		this.words = new long[1 << 16];
		this.parents = new int[(1 << 16) / stride + 1];
		this.actions = new int[this.parents.length];
		this.index = new int[1 << 16];
	}

	/** Adds a state unless present; returns its number if added, -1 if it was known. */
	int add(long[] state, int parent, int action) {
		int mask = this.index.length - 1;
		int slot = hash(state) & mask;
		while (true) {
			int entry = this.index[slot];
			if (entry == 0) {
				break;
			}
			if (equalsAt(entry - 1, state)) {
				return -1;
			}
			slot = (slot + 1) & mask;
		}
		int number = this.size++;
		ensureCapacity();
		System.arraycopy(state, 0, this.words, number * this.stride, this.stride);
		this.parents[number] = parent;
		this.actions[number] = action;
		this.index[slot] = number + 1;
		if (this.size * 2 > this.index.length) {
			rehash();
		}
		return number;
	}

	int size() {
		return this.size;
	}

	void copy(int number, long[] into) {
		System.arraycopy(this.words, number * this.stride, into, 0, this.stride);
	}

	int parent(int number) {
		return this.parents[number];
	}

	int action(int number) {
		return this.actions[number];
	}

	private boolean equalsAt(int number, long[] state) {
		int base = number * this.stride;
		for (int i = 0; i < this.stride; i++) {
			if (this.words[base + i] != state[i]) {
				return false;
			}
		}
		return true;
	}

	private int hash(long[] state) {
		long h = 0x9E3779B97F4A7C15L;
		for (long word : state) {
			h = (h ^ word) * 0xBF58476D1CE4E5B9L;
			h ^= h >>> 31;
		}
		return (int) (h ^ (h >>> 32));
	}

	private void ensureCapacity() {
		if ((long) this.size * this.stride > this.words.length) {
			this.words = Arrays.copyOf(this.words, this.words.length * 2);
		}
		if (this.size > this.parents.length) {
			this.parents = Arrays.copyOf(this.parents, this.parents.length * 2);
			this.actions = Arrays.copyOf(this.actions, this.actions.length * 2);
		}
	}

	private void rehash() {
		int[] bigger = new int[this.index.length * 2];
		int mask = bigger.length - 1;
		long[] state = new long[this.stride];
		for (int number = 0; number < this.size; number++) {
			copy(number, state);
			int slot = hash(state) & mask;
			while (bigger[slot] != 0) {
				slot = (slot + 1) & mask;
			}
			bigger[slot] = number + 1;
		}
		this.index = bigger;
	}

}
