package dev.weir.gossip;

import java.time.Duration;

/**
 * Lifeguard's local health score: how much this node distrusts its own view. Failed probes,
 * missing nacks and having to refute raise it; successful probes lower it. Probe intervals and
 * timeouts are scaled by {@code score + 1}, so a node that is itself slow (overloaded, paused)
 * probes more patiently instead of accusing healthy peers.
 *
 * <p>Not thread-safe: owned by a node's event loop.
 */
final class Awareness {

	private final int max;

	private int score;

	/**
	 * Creates a score in {@code [0, maxMultiplier - 1]}.
	 * @param maxMultiplier memberlist's {@code AwarenessMaxMultiplier}
	 */
	Awareness(int maxMultiplier) {
		if (maxMultiplier < 1) {
			throw new IllegalArgumentException("maxMultiplier must be at least 1: " + maxMultiplier);
		}
		this.max = maxMultiplier;
	}

	/**
	 * Changes the score, keeping it in range.
	 * @param delta the change
	 */
	void apply(int delta) {
		this.score = Math.max(0, Math.min(this.max - 1, this.score + delta));
	}

	/**
	 * Returns the score.
	 * @return the score
	 */
	int score() {
		return this.score;
	}

	/**
	 * Scales a timeout by the score.
	 * @param timeout the timeout for a healthy node
	 * @return {@code timeout × (score + 1)}
	 */
	Duration scale(Duration timeout) {
		return timeout.multipliedBy(this.score + 1L);
	}

}
