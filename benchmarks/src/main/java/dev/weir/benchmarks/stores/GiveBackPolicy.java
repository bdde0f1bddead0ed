package dev.weir.benchmarks.stores;

import java.time.Duration;
import java.util.function.Consumer;

import dev.weir.federation.FederatedRateLimiter;

/**
 * How the replica's limiters give back escrow: what is called on each limiter, and how often.
 * The one piece to change when the engine gains another give-back.
 *
 * @param description what the report says about it
 * @param tick how often the action runs on each limiter, or zero for never
 * @param action what runs on each limiter
 */
record GiveBackPolicy(String description, Duration tick, Consumer<FederatedRateLimiter> action) {

	/**
	 * Gives back the escrow of keys unused for a while, as the Spring integration's
	 * {@code FederatedLimiters} does (there every idle / 2, at least 10 ms).
	 * @param idle how long a key must have gone unused
	 * @param tick how often to look
	 * @return the policy
	 */
	static GiveBackPolicy idle(Duration idle, Duration tick) {
		long idleNanos = idle.toNanos();
		return new GiveBackPolicy("giveBackIdle(" + idle.toMillis() + " ms) every " + tick.toMillis() + " ms", tick,
				(limiter) -> limiter.giveBackIdle(idleNanos));
	}

	/**
	 * Gives back the escrow of keys whose requests have stopped, as {@code FederatedLimiters}
	 * does with its defaults: every {@code weir.federation.quiet-give-back} (5 ms), keys quiet for
	 * 16 of their own gaps, at least that long and at most {@code weir.federation.idle-give-back}
	 * (500 ms).
	 * @param min the least time unused, also the tick
	 * @param max the most time unused
	 * @return the policy
	 */
	static GiveBackPolicy quiet(Duration min, Duration max) {
		long minNanos = min.toNanos();
		long maxNanos = max.toNanos();
		return new GiveBackPolicy("giveBackQuiet(" + min.toMillis() + " ms, " + max.toMillis() + " ms) every "
				+ min.toMillis() + " ms (the Spring defaults)", min,
				(limiter) -> limiter.giveBackQuiet(minNanos, maxNanos));
	}

	/**
	 * Never gives back: escrow stays until its deadline.
	 * @return the policy
	 */
	static GiveBackPolicy none() {
		return new GiveBackPolicy("no give-back", Duration.ZERO, (limiter) -> {
		});
	}

}
