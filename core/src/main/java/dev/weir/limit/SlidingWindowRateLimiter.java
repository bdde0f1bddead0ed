package dev.weir.limit;

import dev.weir.time.Clock;

/**
 * {@link Algorithm#SLIDING_WINDOW}: each key keeps the counts of two consecutive fixed windows,
 * one packed word each (even windows in one, odd in the other), and estimates the count over
 * the last window as {@code previous × (w − elapsed) / w + current}.
 *
 * <p>A request for {@code p} permits is granted when {@code previous × (w − elapsed) +
 * (current + p) × w ≤ limit × w}, computed exactly in 64-bit integers (the policy's bounds on
 * the limit and the window keep every product below 2⁶³). Only the current window's word is
 * ever written.
 */
final class SlidingWindowRateLimiter extends KeyedRateLimiter {

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private final long windowMillis;

	SlidingWindowRateLimiter(LimitPolicy policy, Clock clock) {
		super(policy, clock);
		this.windowMillis = policy.windowMillis();
	}

	@Override
	Decision acquire(Cell cell, long permits) {
		long w = this.windowMillis;
		long now = this.clock.wallTimeMillis();
		long current = Math.floorDiv(now, w);
		while (true) {
			long index = Math.max(current, newestCounted(cell, current));
			long slot = cell.word(index);
			long used = WindowSlot.countIn(slot, index);
			long previous = WindowSlot.countIn(cell.word(index - 1), index - 1);
			long elapsed = Math.max(0, now - index * w);
			long weight = w - elapsed;
			long previousWeighted = previous * weight;
			if (used + permits > this.limit) {
				return denied(used, previous, elapsed, previousWeighted, untilNextWindowAllows(used, permits, elapsed));
			}
			long room = (this.limit - used - permits) * w;
			if (previousWeighted > room) {
				long waitMillis = (w - room / previous) - elapsed;
				return denied(used, previous, elapsed, previousWeighted, waitMillis);
			}
			if (cell.casWord(index, slot, WindowSlot.pack(index, used + permits))) {
				long remaining = (room - previousWeighted) / w;
				return Decision.allowed(this.limit, remaining, (2 * w - elapsed) * NANOS_PER_MILLI);
			}
		}
	}

	/**
	 * How long until the next window starts and its estimate, which weighs this window's count
	 * down as it slides, leaves room for the permits: {@code used × (w − t) ≤ (limit − p) × w}.
	 */
	private long untilNextWindowAllows(long used, long permits, long elapsed) {
		long w = this.windowMillis;
		long intoNext = Math.max(0, w - ((this.limit - permits) * w) / used);
		return (w - elapsed) + intoNext;
	}

	private Decision denied(long used, long previous, long elapsed, long previousWeighted, long waitMillis) {
		long w = this.windowMillis;
		long remaining = Math.max(0, Math.floorDiv((this.limit - used) * w - previousWeighted, w));
		long resetMillis = (used > 0) ? 2 * w - elapsed : (previous > 0) ? w - elapsed : 0;
		return Decision.denied(this.limit, remaining, resetMillis * NANOS_PER_MILLI, waitMillis * NANOS_PER_MILLI);
	}

	/**
	 * Returns the newest window either word has counted in, or {@code Long.MIN_VALUE} if both
	 * are empty.
	 */
	private static long newestCounted(Cell cell, long reference) {
		return Math.max(counted(cell.a(), reference), counted(cell.b(), reference));
	}

	private static long counted(long slot, long reference) {
		return (WindowSlot.count(slot) > 0) ? WindowSlot.index(slot, reference) : Long.MIN_VALUE;
	}

	@Override
	Cell newCell() {
		return new Cell(0, 0);
	}

	@Override
	long now() {
		return this.clock.wallTimeMillis();
	}

	@Override
	long timeToLive(Cell cell, long now) {
		long newest = newestCounted(cell, Math.floorDiv(now, this.windowMillis));
		return (newest == Long.MIN_VALUE) ? 0 : (newest + 2) * this.windowMillis - now;
	}

}
