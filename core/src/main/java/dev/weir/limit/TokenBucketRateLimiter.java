package dev.weir.limit;

import dev.weir.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * {@link Algorithm#TOKEN_BUCKET} as the generic cell rate algorithm: each key keeps one word,
 * its theoretical arrival time (TAT) on the monotonic clock.
 *
 * <p>With an emission interval {@code T = ⌈window / limit⌉} and a burst tolerance
 * {@code B = limit × T}, a request for {@code p} permits is granted when
 * {@code max(TAT, now) + p × T − now ≤ B}, and then moves TAT there. This is a bucket of
 * {@code limit} tokens refilled one per {@code T}; rounding {@code T} up means the long-run rate
 * never exceeds {@code limit / window}.
 *
 * <p>Times are kept in nanoseconds since the limiter's creation rather than as raw monotonic
 * readings, whose origin is arbitrary: then a TAT is never negative, which leaves its sign bit
 * for {@link Cell} to mark it frozen, and a new key's TAT, zero, is in the past of every
 * decision without reading the clock.
 */
final class TokenBucketRateLimiter extends KeyedRateLimiter {

	private final long emissionNanos;

	private final long burstNanos;

	private final long originNanos;

	TokenBucketRateLimiter(LimitPolicy policy, Clock clock) {
		super(policy, clock);
		long windowNanos = policy.window().toNanos();
		this.emissionNanos = -Math.floorDiv(-windowNanos, policy.limit());
		this.burstNanos = this.emissionNanos * policy.limit();
		this.originNanos = clock.monotonicNanos();
	}

	@Override
	@Nullable Decision acquire(Cell cell, long permits) {
		long now = now();
		while (true) {
			long stored = cell.a();
			if (Cell.isFrozen(stored)) {
				return null;
			}
			long tat = Math.max(stored, now);
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
		return new Cell(0, 0, 0);
	}

	@Override
	long now() {
		return this.clock.monotonicNanos() - this.originNanos;
	}

	@Override
	long timeToLive(long a, long b, long anchor, long now) {
		return a - now;
	}

}
