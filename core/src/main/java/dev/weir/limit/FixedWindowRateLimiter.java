package dev.weir.limit;

import dev.weir.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * {@link Algorithm#FIXED_WINDOW}: one packed word per key holds the current window's index and
 * count.
 *
 * <p>Windows are aligned to the epoch on the wall clock, so that every node agrees where they
 * start. If the wall clock steps backwards, a key stays in the newest window it has counted in
 * rather than starting an older one afresh: a step back never grants more.
 */
final class FixedWindowRateLimiter extends KeyedRateLimiter {

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private final long windowMillis;

	FixedWindowRateLimiter(LimitPolicy policy, Clock clock) {
		super(policy, clock);
		this.windowMillis = policy.windowMillis();
	}

	@Override
	@Nullable Decision acquire(Cell cell, long permits) {
		long now = this.clock.wallTimeMillis();
		long current = Math.floorDiv(now, this.windowMillis);
		while (true) {
			long anchor = cell.anchor();
			long slot = cell.a();
			if (Cell.isFrozen(slot)) {
				return null;
			}
			if (cell.anchor() != anchor) {
				continue;
			}
			long used = WindowSlot.count(slot);
			long index = current;
			if (used > 0) {
				long stored = WindowSlot.index(slot, anchor);
				if (stored > current) {
					index = stored;
				}
				else if (stored < current) {
					used = 0;
				}
			}
			long resetNanos = ((index + 1) * this.windowMillis - now) * NANOS_PER_MILLI;
			if (used + permits > this.limit) {
				return Decision.denied(this.limit, this.limit - used, resetNanos, resetNanos);
			}
			if (!WindowSlot.reaches(anchor, index)) {
				WindowSlot.moveAnchor(cell, anchor, index);
			}
			else if (cell.casA(slot, WindowSlot.pack(index, used + permits))) {
				return Decision.allowed(this.limit, this.limit - used - permits, resetNanos);
			}
		}
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
		if (WindowSlot.count(a) == 0) {
			return 0;
		}
		return (WindowSlot.index(a, anchor) + 1) * this.windowMillis - now;
	}

}
