package dev.weir.limit;

import dev.weir.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * {@link Algorithm#SLIDING_WINDOW}: each key keeps the counts of two consecutive fixed windows,
 * one packed word each (even windows in one, odd in the other), and estimates the count over
 * the last window as {@code previous × (w − elapsed) / w + current}.
 *
 * <p>A request for {@code p} permits is granted when {@code previous × (w − elapsed) +
 * (current + p) × w ≤ limit × w}, computed exactly in 64-bit integers (the policy's bounds on
 * the limit and the window keep every product below 2⁶³). Only the current window's word is
 * ever written.
 *
 * <p>If the wall clock steps backwards, a key stays in the newest window it has counted in, as
 * if the clock stood at that window's start; its Reset and Retry-After count from the real time
 * to that window's end, so that a client that waits them is not early.
 */
final class SlidingWindowRateLimiter extends KeyedRateLimiter {

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private final long windowMillis;

	SlidingWindowRateLimiter(LimitPolicy policy, Clock clock) {
		super(policy, clock);
		this.windowMillis = policy.windowMillis();
	}

	@Override
	@Nullable Decision acquire(Cell cell, long permits) {
		long w = this.windowMillis;
		long now = this.clock.wallTimeMillis();
		long current = Math.floorDiv(now, w);
		while (true) {
			long anchor = cell.anchor();
			long a = cell.a();
			long b = cell.b();
			if (Cell.isFrozen(a) || Cell.isFrozen(b)) {
				return null;
			}
			if (cell.anchor() != anchor) {
				continue;
			}
			long index = Math.max(current, newestCounted(a, b, anchor));
			long slot = ((index & 1) == 0) ? a : b;
			long used = WindowSlot.countIn(slot, index, anchor);
			long previous = WindowSlot.countIn(((index & 1) == 0) ? b : a, index - 1, anchor);
			// Negative when the clock has stepped back before the window: the estimate then
			// weighs the previous window as at the window's start, and times run to its end.
			long elapsed = now - index * w;
			long previousWeighted = previous * (w - Math.max(0, elapsed));
			if (used + permits > this.limit) {
				return denied(used, previous, elapsed, previousWeighted, untilNextWindowAllows(used, permits, elapsed));
			}
			long room = (this.limit - used - permits) * w;
			if (previousWeighted > room) {
				long waitMillis = (w - room / previous) - elapsed;
				return denied(used, previous, elapsed, previousWeighted, waitMillis);
			}
			if (!WindowSlot.reaches(anchor, index)) {
				WindowSlot.moveAnchor(cell, anchor, index);
			}
			else if (cell.casWord(index, slot, WindowSlot.pack(index, used + permits))) {
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
	private static long newestCounted(long a, long b, long anchor) {
		return Math.max(WindowSlot.counted(a, anchor), WindowSlot.counted(b, anchor));
	}

	@Override
	Cell newCell() {
		return new Cell(WindowSlot.EMPTY, WindowSlot.EMPTY, 0);
	}

	@Override
	long now() {
		return this.clock.wallTimeMillis();
	}

	@Override
	long timeToLive(long a, long b, long anchor, long now) {
		long newest = newestCounted(a, b, anchor);
		return (newest == Long.MIN_VALUE) ? 0 : (newest + 2) * this.windowMillis - now;
	}

}
