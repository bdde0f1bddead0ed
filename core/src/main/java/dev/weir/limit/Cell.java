package dev.weir.limit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of one key: two 64-bit words that an algorithm advances by compare-and-set, so
 * that deciding never takes a lock nor allocates.
 */
final class Cell {

	private static final VarHandle A;

	private static final VarHandle B;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			A = lookup.findVarHandle(Cell.class, "a", long.class);
			B = lookup.findVarHandle(Cell.class, "b", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile long a;

	private volatile long b;

	Cell(long a, long b) {
		this.a = a;
		this.b = b;
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

}
