package dev.weir.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of one key: two 64-bit words that an algorithm advances by compare-and-set, so
 * that deciding never takes a lock nor allocates, and an anchor that the window algorithms read
 * their 32-bit window indices near (see {@link WindowSlot}).
 *
 * <p>A live word is never negative, so its sign bit marks it frozen. A cell is retired by
 * freezing {@code a} and then {@code b}: a decision that reads a frozen word, or whose
 * compare-and-set fails because the word froze, decides again on the key's next cell. A
 * decision whose compare-and-set succeeded happened before that word froze, so what it took is
 * in the frozen state, which {@link #thawed()} carries over whole. Once both words are frozen
 * the state cannot change; until then any thread may finish freezing, so no thread ever waits
 * for another.
 */
final class Cell {

	private static final long FROZEN = Long.MIN_VALUE;

	private static final VarHandle A;

	private static final VarHandle B;

	private static final VarHandle ANCHOR;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			A = lookup.findVarHandle(Cell.class, "a", long.class);
			B = lookup.findVarHandle(Cell.class, "b", long.class);
			ANCHOR = lookup.findVarHandle(Cell.class, "anchor", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile long a;

	private volatile long b;

	private volatile long anchor;

	Cell(long a, long b, long anchor) {
		this.a = a;
		this.b = b;
		this.anchor = anchor;
	}

	long a() {
		return this.a;
	}

	long b() {
		return this.b;
	}

	boolean casA(long expected, long value) {
		return A.compareAndSet(this, expected, value);
	}

	boolean casB(long expected, long value) {
		return B.compareAndSet(this, expected, value);
	}

	/**
	 * Reads word {@code i & 1}: 0 is {@code a}, 1 is {@code b}.
	 */
	long word(long i) {
		return ((i & 1) == 0) ? this.a : this.b;
	}

	boolean casWord(long i, long expected, long value) {
		return ((i & 1) == 0) ? casA(expected, value) : casB(expected, value);
	}

	long anchor() {
		return this.anchor;
	}

	boolean casAnchor(long expected, long value) {
		return ANCHOR.compareAndSet(this, expected, value);
	}

	static boolean isFrozen(long word) {
		return word < 0;
	}

	/**
	 * Retires the cell if {@code a} still holds a value: freezes {@code a} by a compare-and-set
	 * from it, then {@code b} whatever it holds.
	 * @return whether {@code a} still held the value, so that the cell is now frozen
	 */
	boolean freezeFrom(long expectedA) {
		if (isFrozen(expectedA) || !casA(expectedA, expectedA | FROZEN)) {
			return false;
		}
		freezeB();
		return true;
	}

	/**
	 * Freezes both words, whoever started.
	 */
	void freeze() {
		long value = this.a;
		while (!isFrozen(value) && !casA(value, value | FROZEN)) {
			value = this.a;
		}
		freezeB();
	}

	private void freezeB() {
		long value = this.b;
		while (!isFrozen(value) && !casB(value, value | FROZEN)) {
			value = this.b;
		}
	}

	/**
	 * Returns the value a word held, frozen or not.
	 */
	static long thaw(long word) {
		return word & ~FROZEN;
	}

	/**
	 * Returns a live copy of a frozen cell, to replace it with.
	 */
	Cell thawed() {
		return new Cell(thaw(this.a), thaw(this.b), this.anchor);
	}

}
