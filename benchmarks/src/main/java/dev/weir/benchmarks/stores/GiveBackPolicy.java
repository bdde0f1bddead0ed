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
	 * Never gives back: escrow stays until its deadline.
	 * @return the policy
	 */
	static GiveBackPolicy none() {
		return new GiveBackPolicy("no give-back", Duration.ZERO, (limiter) -> {
		});
	}

}
