package dev.weir.gossip;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Lifeguard's suspicion of one node: a timeout that starts long and shrinks, down to a floor,
 * as other members independently confirm the suspicion, so that a real failure is declared
 * quickly and a false one has time to be refuted.
 *
 * <p>With {@code k} confirmations expected and {@code c} received, the timeout is
 * {@code max − (log(c + 1) / log(k + 1)) × (max − min)}, whole milliseconds, never below
 * {@code min}, counted from the start of the suspicion.
 *
 * <p>Not thread-safe: owned by a node's event loop.
 */
final class Suspicion {

	private final int expected;

	private final long minMillis;

	private final long maxMillis;

	private final long startNanos;

	private final Set<String> confirmedBy = new HashSet<>();

	/**
	 * Starts a suspicion.
	 * @param accuser the first accuser, which counts as seen but not as a confirmation
	 * @param expected {@code k}, the confirmations that bring the timeout down to {@code min}
	 * @param min the shortest timeout
	 * @param max the longest timeout
	 * @param startNanos when the suspicion started, on the monotonic clock
	 */
	Suspicion(String accuser, int expected, Duration min, Duration max, long startNanos) {
		this.expected = expected;
		this.minMillis = min.toMillis();
		this.maxMillis = max.toMillis();
		this.startNanos = startNanos;
		this.confirmedBy.add(accuser);
	}

	/**
	 * The suspicion timeout floor for a cluster: {@code suspicionMult × max(1, log10(max(1, n)))
	 * × probeInterval}, computed in milliseconds as memberlist does.
	 * @param suspicionMult memberlist's {@code SuspicionMult}
	 * @param nodes the number of nodes in the node list
	 * @param probeInterval the probe interval
	 * @return the timeout
	 */
	static Duration minimumTimeout(int suspicionMult, int nodes, Duration probeInterval) {
		double scale = Math.max(1.0, Math.log10(Math.max(1.0, nodes)));
		long scaleMillis = (long) (scale * 1000);
		return probeInterval.multipliedBy(suspicionMult).multipliedBy(scaleMillis).dividedBy(1000);
	}

	/**
	 * The confirmations a suspicion expects: {@code suspicionMult − 2}, or none when the
	 * cluster has too few other members to give them.
	 * @param suspicionMult memberlist's {@code SuspicionMult}
	 * @param nodes the number of nodes in the node list
	 * @return {@code k}
	 */
	static int expectedConfirmations(int suspicionMult, int nodes) {
		int k = suspicionMult - 2;
		return (nodes - 2 < k) ? 0 : Math.max(0, k);
	}

	/**
	 * Records an accusation from another member.
	 * @param from the accuser
	 * @return whether it was a new confirmation (and should be gossiped on)
	 */
	boolean confirm(String from) {
		if (confirmations() >= this.expected) {
			return false;
		}
		return this.confirmedBy.add(from);
	}

	/**
	 * Returns how many members confirmed the suspicion, the first accuser not counted.
	 * @return {@code c}
	 */
	int confirmations() {
		return this.confirmedBy.size() - 1;
	}

	/**
	 * Returns when the node is to be declared dead, given the confirmations so far.
	 * @return the deadline, on the monotonic clock
	 */
	long deadlineNanos() {
		return this.startNanos + timeoutMillis() * 1_000_000L;
	}

	long timeoutMillis() {
		if (this.expected < 1) {
			return this.minMillis;
		}
		double fraction = Math.log(confirmations() + 1.0) / Math.log(this.expected + 1.0);
		long timeout = (long) Math.floor(this.maxMillis - fraction * (this.maxMillis - this.minMillis));
		return Math.max(timeout, this.minMillis);
	}

}
