package dev.weir.state;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import dev.weir.limit.Algorithm;
import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;
import dev.weir.limit.RateLimiter;

/**
 * A {@link RateLimiter} whose limit holds for the whole cluster: every node counts in its own
 * slot of a {@link CounterStore}, and the count of a key is the sum of the slots. A decision
 * never waits on the network: it reads the merged count and moves its own slot.
 *
 * <p>Nodes cannot see each other's last few admissions, so they must not all spend the same
 * remaining budget. Each node therefore admits only up to its <em>claim</em>, which it publishes
 * with its count. When a request needs more, the node widens its claim, at most once per sync
 * epoch, by its share of what is left once everything committed is taken off: with
 * {@code c = max(count, claim)} a node's commitment, {@code claim = c + ⌊R / n⌋} (plus one for
 * some nodes, in turn, when {@code n} does not divide {@code R}), where
 * {@code R = limit − c − Σ others' c} and {@code n} is the number of alive members. If every node widens its claim having seen the others' claims of the
 * epoch before, the claims never add up to more than the limit, so neither do the admissions;
 * docs/SHARED-STATE.md derives the bound when updates are late. With all load on one node, its
 * claim grows towards the limit and the limit is exact.
 *
 * <p>Supports {@link Algorithm#FIXED_WINDOW} and {@link Algorithm#SLIDING_WINDOW}; a token
 * bucket's state is not a sum of per-node counts, so it cannot be shared this way.
 */
public final class ClusterRateLimiter implements RateLimiter {

	private static final long NANOS_PER_MILLI = 1_000_000L;

	private final LimitPolicy policy;

	private final CounterStore store;

	private final CounterSet set;

	private final long limit;

	private final long windowMillis;

	private final boolean sliding;

	private final LongAdder allowed = new LongAdder();

	private final LongAdder denied = new LongAdder();

	ClusterRateLimiter(LimitPolicy policy, CounterStore store) {
		this.policy = Objects.requireNonNull(policy, "policy");
		this.store = Objects.requireNonNull(store, "store");
		if (!supports(policy.algorithm())) {
			throw new IllegalArgumentException("limiter '" + policy.name() + "': scope cluster supports the fixed-window "
					+ "and sliding-window algorithms, not " + policy.algorithm());
		}
		this.set = store.counterSet("limit/" + policy.name(), policy.window());
		this.limit = policy.limit();
		this.windowMillis = policy.window().toMillis();
		this.sliding = policy.algorithm() == Algorithm.SLIDING_WINDOW;
	}

	/**
	 * Returns whether a cluster-wide limiter can count with an algorithm.
	 * @param algorithm the algorithm
	 * @return whether {@link CounterStore#limiter} accepts it
	 */
	public static boolean supports(Algorithm algorithm) {
		return algorithm == Algorithm.FIXED_WINDOW || algorithm == Algorithm.SLIDING_WINDOW;
	}

	@Override
	public LimitPolicy policy() {
		return this.policy;
	}

	@Override
	public Decision tryAcquire(String key, long permits) {
		if (permits < 1 || permits > this.limit) {
			throw new IllegalArgumentException(
					"permits must be between 1 and the limit " + this.limit + " of '" + this.policy.name() + "': " + permits);
		}
		Objects.requireNonNull(key, "key");
		Decision decision = decide(key, permits);
		(decision.allowed() ? this.allowed : this.denied).increment();
		return decision;
	}

	private Decision decide(String key, long permits) {
		long w = this.windowMillis;
		long now = this.store.clock().wallTimeMillis();
		WindowCounter counter = this.set.counting(key, this.set.windowIndex(now));
		long index = counter.index;
		long elapsed = Math.max(0, now - index * w);
		long previous = 0;
		if (this.sliding) {
			WindowCounter last = this.set.find(key, index - 1);
			previous = (last != null) ? last.total() : 0;
		}
		// How many permits this window may hold, the previous one weighed as it slides out.
		long budget = this.sliding ? Math.floorDiv(this.limit * w - previous * (w - elapsed), w) : this.limit;
		long resetNanos = resetMillis(now, index, previous) * NANOS_PER_MILLI;
		while (true) {
			long own = counter.own();
			long total = own + counter.othersCount();
			if (total + permits > budget) {
				long retry = this.sliding ? untilNextWindowAllows(total, permits, elapsed) : w - elapsed;
				return Decision.denied(this.limit, Math.max(0, budget - total), resetNanos, retry * NANOS_PER_MILLI);
			}
			long claim = counter.claim();
			if (own + permits <= claim) {
				if (counter.casOwn(own, own + permits)) {
					return Decision.allowed(this.limit, budget - total - permits, resetNanos);
				}
				continue;
			}
			if (!counter.widenClaim(this.store.epoch(), (committed, others) -> share(budget - committed - others))
					&& own + permits > counter.claim() && counter.own() == own) {
				// This node has spent its share for this epoch; the rest may be the others'.
				return Decision.denied(this.limit, 0, resetNanos, this.store.epochNanos());
			}
		}
	}

	/**
	 * This node's share of what is left: an equal part for each alive member, and the remainder
	 * one permit each to some of them, to other ones each epoch.
	 */
	private long share(long left) {
		if (left <= 0) {
			return 0;
		}
		int members = this.store.members();
		long turn = Math.floorMod(this.store.rank() + this.store.epoch(), members);
		return left / members + ((turn < left % members) ? 1 : 0);
	}

	private long resetMillis(long now, long index, long previous) {
		long w = this.windowMillis;
		long untilEnd = (index + 1) * w - now;
		if (!this.sliding) {
			return Math.max(0, untilEnd);
		}
		return Math.max(0, untilEnd + ((previous > 0 || untilEnd < w) ? w : 0));
	}

	/**
	 * How long until the next window starts and its estimate, which weighs this window's count
	 * down as it slides, leaves room for the permits.
	 */
	private long untilNextWindowAllows(long used, long permits, long elapsed) {
		long w = this.windowMillis;
		long intoNext = (used == 0) ? 0 : Math.max(0, w - ((this.limit - permits) * w) / used);
		return (w - elapsed) + intoNext;
	}

	@Override
	public int keyCount() {
		return this.set.keyCount();
	}

	@Override
	public long evictedKeys() {
		return this.set.evictedKeys();
	}

	@Override
	public long allowedCount() {
		return this.allowed.sum();
	}

	@Override
	public long deniedCount() {
		return this.denied.sum();
	}

	@Override
	public String toString() {
		return "ClusterRateLimiter[" + this.policy + "]";
	}

}
