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
		Decision decision = acquire(cell(key), permits);
		(decision.allowed() ? this.allowed : this.denied).increment();
		return decision;
	}

	/**
	 * Takes permits from one key's state, or explains why not.
	 */
	abstract Decision acquire(Cell cell, long permits);

	/**
	 * Returns the state of a key the limiter has never seen.
	 */
	abstract Cell newCell();

	/**
	 * Returns the current time in the unit {@link #timeToLive} uses.
	 */
	abstract long now();

	/**
	 * Returns how long until a key's state becomes the same as a new key's if nothing more is
	 * taken, in the unit of {@link #now}; zero or less when it already is.
	 */
	abstract long timeToLive(Cell cell, long now);

	private Cell cell(String key) {
		Objects.requireNonNull(key, "key");
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
	 * Brings the table below its bound: forgets expired keys, then, if that was not enough, the
	 * live keys that expire soonest, down to nine tenths of the bound so that the cost of a trim
	 * is spread over many new keys. One thread trims at a time; the others go on, unless the
	 * table has grown a tenth past its bound meanwhile: then they wait for the trim, which makes
	 * the bound hard (at most a tenth over it, plus one key per thread).
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
				if (timeToLive(entry.getValue(), now) <= 0) {
					this.cells.remove(entry.getKey(), entry.getValue());
				}
				else {
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
				expiries[i] = timeToLive(live.get(i).getValue(), now);
			}
			long[] sorted = expiries.clone();
			Arrays.sort(sorted);
			long threshold = sorted[excess - 1];
			int removed = 0;
			for (int i = 0; i < expiries.length && removed < excess; i++) {
				if (expiries[i] <= threshold && this.cells.remove(live.get(i).getKey(), live.get(i).getValue())) {
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
