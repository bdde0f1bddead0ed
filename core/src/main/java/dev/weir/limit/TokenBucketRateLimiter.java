package dev.weir.limit;

import dev.weir.time.Clock;

/**
 * {@link Algorithm#TOKEN_BUCKET} as the generic cell rate algorithm: each key keeps one word,
 * its theoretical arrival time (TAT) on the monotonic clock.
 *
 * <p>With an emission interval {@code T = ⌈window / limit⌉} and a burst tolerance
 * {@code B = limit × T}, a request for {@code p} permits is granted when
 * {@code max(TAT, now) + p × T − now ≤ B}, and then moves TAT there. This is a bucket of
 * {@code limit} tokens refilled one per {@code T}; rounding {@code T} up means the long-run rate
 * never exceeds {@code limit / window}.
 */
final class TokenBucketRateLimiter extends KeyedRateLimiter {

	private final long emissionNanos;

	private final long burstNanos;

	TokenBucketRateLimiter(LimitPolicy policy, Clock clock) {
		super(policy, clock);
		long windowNanos = policy.window().toNanos();
		this.emissionNanos = -Math.floorDiv(-windowNanos, policy.limit());
		this.burstNanos = this.emissionNanos * policy.limit();
	}

	@Override
	Decision acquire(Cell cell, long permits) {
		long now = this.clock.monotonicNanos();
		while (true) {
			long stored = cell.a();
			long tat = (stored - now < 0) ? now : stored;
			long next = tat + permits * this.emissionNanos;
			if (next - now > this.burstNanos) {
				long remaining = (this.burstNanos - (tat - now)) / this.emissionNanos;
				return Decision.denied(this.limit, remaining, tat - now, next - this.burstNanos - now);
			}
			if (cell.casA(stored, next)) {
				return Decision.allowed(this.limit, (this.burstNanos - (next - now)) / this.emissionNanos, next - now);
			}
		}
	}

	@Override
	Cell newCell() {
		return new Cell(this.clock.monotonicNanos(), 0);
	}

	@Override
	long now() {
		return this.clock.monotonicNanos();
	}

	@Override
	long timeToLive(Cell cell, long now) {
		return cell.a() - now;
	}

}
