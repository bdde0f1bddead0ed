package dev.weir.limit;

import java.util.function.LongPredicate;

/**
 * A naive model of an algorithm, for property tests to compare a limiter with. A model defines
 * only when a request is granted; everything else a {@link Decision} reports is derived from
 * that by search, not by the formulas the limiters use:
 * <ul>
 * <li>remaining: the most permits one request could be granted now;</li>
 * <li>reset: the earliest time at which the whole limit could be granted again;</li>
 * <li>retry: the earliest time at which the denied request would be granted.</li>
 * </ul>
 * Time is in the model's own unit ({@link #nanosPerUnit()}), read from the clock the algorithm
 * uses.
 */
abstract class ReferenceModel {

	final long limit;

	ReferenceModel(long limit) {
		this.limit = limit;
	}

	/**
	 * Returns whether a request for permits would be granted to a key at a time.
	 */
	abstract boolean admits(int key, long permits, long time);

	/**
	 * Records that permits were granted to a key at a time.
	 */
	abstract void take(int key, long permits, long time);

	/**
	 * Returns the smallest delay, zero or more, after which a condition that once true stays
	 * true holds.
	 */
	abstract long earliest(LongPredicate holdsAfter);

	/**
	 * Returns how many nanoseconds one unit of the model's time is.
	 */
	abstract long nanosPerUnit();

	/**
	 * Decides a request as the algorithm should, and records it if granted.
	 */
	final Decision decide(int key, long permits, long now) {
		boolean allowed = admits(key, permits, now);
		if (allowed) {
			take(key, permits, now);
		}
		long remaining = remaining(key, now);
		long reset = earliest((delay) -> remaining(key, now + delay) == this.limit) * nanosPerUnit();
		if (allowed) {
			return Decision.allowed(this.limit, remaining, reset);
		}
		long retry = earliest((delay) -> admits(key, permits, now + delay)) * nanosPerUnit();
		return Decision.denied(this.limit, remaining, reset, retry);
	}

	private long remaining(int key, long time) {
		for (long permits = this.limit; permits > 0; permits--) {
			if (admits(key, permits, time)) {
				return permits;
			}
		}
		return 0;
	}

	/**
	 * Finds the earliest delay by trying each one in turn, for models on a coarse clock.
	 */
	static long scan(LongPredicate holdsAfter, long horizon) {
		for (long delay = 0; delay <= horizon; delay++) {
			if (holdsAfter.test(delay)) {
				return delay;
			}
		}
		throw new AssertionError("nothing holds within " + horizon);
	}

	/**
	 * Finds the earliest delay by bisection, for models on a fine clock.
	 */
	static long bisect(LongPredicate holdsAfter, long horizon) {
		if (!holdsAfter.test(horizon)) {
			throw new AssertionError("nothing holds within " + horizon);
		}
		long low = -1;
		long high = horizon;
		while (high - low > 1) {
			long middle = low + (high - low) / 2;
			if (holdsAfter.test(middle)) {
				high = middle;
			}
			else {
				low = middle;
			}
		}
		return high;
	}

}
