package dev.weir.limit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import dev.weir.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The part every in-memory algorithm shares: the bounded table of keys, the counts of
 * decisions, and the argument checks. Subclasses hold only their arithmetic.
 */
abstract sealed class KeyedRateLimiter implements RateLimiter
		permits FixedWindowRateLimiter, SlidingWindowRateLimiter, TokenBucketRateLimiter {

	private final LimitPolicy policy;

	final Clock clock;

	final long limit;

	private final ConcurrentHashMap<String, Cell> cells = new ConcurrentHashMap<>();

	private final ReentrantLock trimLock = new ReentrantLock();

	private final LongAdder allowed = new LongAdder();

	private final LongAdder denied = new LongAdder();

	private final LongAdder evicted = new LongAdder();

	KeyedRateLimiter(LimitPolicy policy, Clock clock) {
		this.policy = Objects.requireNonNull(policy, "policy");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.limit = policy.limit();
	}

	@Override
	public final LimitPolicy policy() {
		return this.policy;
	}

	@Override
	public final Decision tryAcquire(String key, long permits) {
		if (permits < 1 || permits > this.limit) {
			throw new IllegalArgumentException(
					"permits must be between 1 and the limit " + this.limit + " of '" + this.policy.name() + "': " + permits);
		}
		Objects.requireNonNull(key, "key");
		while (true) {
			Cell cell = cell(key);
			Decision decision = acquire(cell, permits);
			if (decision != null) {
				(decision.allowed() ? this.allowed : this.denied).increment();
				return decision;
			}
			retire(key, cell);
		}
	}

	/**
	 * Takes permits from one key's state, or explains why not; returns {@code null}, having
	 * taken nothing, if the cell is frozen (see {@link Cell}), so that the caller decides again
	 * on the key's next cell, with a new reading of the clock.
	 */
	abstract @Nullable Decision acquire(Cell cell, long permits);

	/**
	 * Returns the state of a key the limiter has never seen.
	 */
	abstract Cell newCell();

	/**
	 * Returns the current time in the unit {@link #timeToLive} uses.
	 */
	abstract long now();

	/**
	 * Returns how long until a key's state, as read from its cell, becomes the same as a new
	 * key's if nothing more is taken, in the unit of {@link #now}; zero or less when it already
	 * is.
	 */
	abstract long timeToLive(long a, long b, long anchor, long now);

	private Cell cell(String key) {
		Cell cell = this.cells.get(key);
		if (cell != null) {
			return cell;
		}
		int size = this.cells.size();
		int bound = this.policy.maxKeys();
		if (size >= bound) {
			trim(size - bound >= slack(bound));
		}
		return this.cells.computeIfAbsent(key, (k) -> newCell());
	}

	/**
	 * Finishes retiring a frozen cell that a decision came across, and puts a live copy of it
	 * in its place, unless the trim that froze it has already removed it or another decision has
	 * already replaced it. The copy keeps whatever was taken before the cell froze. A decision
	 * cannot tell why the trim froze the cell, so it never forgets the key itself: only the
	 * trim's own removal does, and only that is counted as an eviction.
	 */
	private void retire(String key, Cell cell) {
		cell.freeze();
		this.cells.replace(key, cell, cell.thawed());
	}

	/**
	 * Brings the table below its bound: forgets expired keys, then, if that was not enough, the
	 * live keys that expire soonest, down to nine tenths of the bound so that the cost of a trim
	 * is spread over many new keys. One thread trims at a time; the others go on, unless the
	 * table has grown a tenth past its bound meanwhile: then they wait for the trim, which makes
	 * the bound hard (at most a tenth over it, plus one key per thread).
	 *
	 * <p>A decision may hold a key's cell while the trim removes it: a cell just created and not
	 * yet decided on even looks expired. So the trim never removes a cell it has not frozen
	 * first (see {@link Cell}): {@code a} by a compare-and-set from the very state it judged,
	 * then {@code b}. The trim and a decision thus serialize on the word the decision writes.
	 * A decision that writes {@code a} (every decision of the fixed window and the token
	 * bucket, and of the sliding window in even windows) either got its compare-and-set in
	 * first, and then the trim's fails and the key stays, or finds the cell frozen and decides
	 * again, on a new reading of the clock, on the key's next cell. A decision that writes
	 * {@code b} (the sliding window in odd windows) either got in before {@code b} froze, and
	 * then the trim finds {@code b} changed, so the key was not expired after all and the trim
	 * puts a live copy in place of the cell, or it finds the cell frozen and decides again.
	 * So a key forgets what it took only when it is evicted, which is counted, and a decision
	 * on a known key stays one read and one compare-and-set.
	 */
	private void trim(boolean wait) {
		if (wait) {
			this.trimLock.lock();
		}
		else if (!this.trimLock.tryLock()) {
			return;
		}
		try {
			int bound = this.policy.maxKeys();
			if (this.cells.size() < bound) {
				return;
			}
			long now = now();
			List<Map.Entry<String, Cell>> live = new ArrayList<>(this.cells.size());
			for (Map.Entry<String, Cell> entry : this.cells.entrySet()) {
				if (!forgetIfExpired(entry.getKey(), entry.getValue(), now)) {
					live.add(entry);
				}
			}
			int target = bound - slack(bound);
			int excess = live.size() - target;
			if (excess <= 0) {
				return;
			}
			long[] expiries = new long[live.size()];
			for (int i = 0; i < expiries.length; i++) {
				expiries[i] = readTimeToLive(live.get(i).getValue(), now);
			}
			long[] sorted = expiries.clone();
			Arrays.sort(sorted);
			long threshold = sorted[excess - 1];
			int removed = 0;
			for (int i = 0; i < expiries.length && removed < excess; i++) {
				if (expiries[i] <= threshold && evict(live.get(i).getKey(), live.get(i).getValue())) {
					removed++;
				}
			}
			this.evicted.add(removed);
		}
		finally {
			this.trimLock.unlock();
		}
	}

	/**
	 * Forgets a key whose state has expired. Returns whether the entry is dealt with: forgotten,
	 * or found live after all and replaced by a live copy; {@code false} leaves it a candidate for
	 * eviction.
	 */
	private boolean forgetIfExpired(String key, Cell cell, long now) {
		long anchor = cell.anchor();
		long a = cell.a();
		long b = cell.b();
		if (Cell.isFrozen(a) || Cell.isFrozen(b) || cell.anchor() != anchor || timeToLive(a, b, anchor, now) > 0
				|| !cell.freezeFrom(a)) {
			return false;
		}
		if (Cell.thaw(cell.b()) == b) {
			this.cells.remove(key, cell);
		}
		else {
			this.cells.replace(key, cell, cell.thawed());
		}
		return true;
	}

	/**
	 * Forgets a live key, whatever it has taken; returns whether it was forgotten. It was not if
	 * a decision took from it meanwhile, or found it frozen and put a copy back first.
	 */
	private boolean evict(String key, Cell cell) {
		return cell.freezeFrom(cell.a()) && this.cells.remove(key, cell);
	}

	/**
	 * Returns how long until a cell expires, or {@code Long.MAX_VALUE} if it is being retired or
	 * its anchor moved while it was read.
	 */
	private long readTimeToLive(Cell cell, long now) {
		long anchor = cell.anchor();
		long a = cell.a();
		long b = cell.b();
		if (Cell.isFrozen(a) || Cell.isFrozen(b) || cell.anchor() != anchor) {
			return Long.MAX_VALUE;
		}
		return timeToLive(a, b, anchor, now);
	}

	/**
	 * How far below the bound a trim brings the table, and how far above it other threads may
	 * add keys while a trim runs.
	 */
	private static int slack(int bound) {
		return Math.max(1, bound / 10);
	}

	@Override
	public final int keyCount() {
		return this.cells.size();
	}

	@Override
	public final long evictedKeys() {
		return this.evicted.sum();
	}

	@Override
	public final long allowedCount() {
		return this.allowed.sum();
	}

	@Override
	public final long deniedCount() {
		return this.denied.sum();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.policy + "]";
	}

}
