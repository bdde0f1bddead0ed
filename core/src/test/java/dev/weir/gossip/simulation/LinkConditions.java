package dev.weir.gossip.simulation;

import java.time.Duration;
import java.util.Objects;

/**
 * How one direction of a simulated link treats packets: each is lost with probability
 * {@code loss}; otherwise it arrives after {@code delay} plus a uniform draw from
 * {@code [0, jitter]}, and with probability {@code duplication} a second copy arrives after a
 * draw of its own. Jitter larger than the gap between two packets reorders them.
 *
 * <p>Streams ride on TCP, so loss and duplication do not apply to them; they take the delay
 * and jitter each way.
 *
 * @param loss the probability that a packet is lost, from 0 to 1
 * @param delay the least time a packet or stream segment takes
 * @param jitter the most extra time added to the delay, drawn uniformly
 * @param duplication the probability that a delivered packet arrives twice, from 0 to 1
 */
public record LinkConditions(double loss, Duration delay, Duration jitter, double duplication) {

	/**
	 * Checks the conditions.
	 * @param loss the probability that a packet is lost, from 0 to 1
	 * @param delay the least time a packet or stream segment takes
	 * @param jitter the most extra time added to the delay
	 * @param duplication the probability that a delivered packet arrives twice, from 0 to 1
	 */
	public LinkConditions {
		Objects.requireNonNull(delay, "delay");
		Objects.requireNonNull(jitter, "jitter");
		if (!(loss >= 0 && loss <= 1)) {
			throw new IllegalArgumentException("loss must be between 0 and 1: " + loss);
		}
		if (!(duplication >= 0 && duplication <= 1)) {
			throw new IllegalArgumentException("duplication must be between 0 and 1: " + duplication);
		}
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative: " + delay);
		}
		if (jitter.isNegative()) {
			throw new IllegalArgumentException("jitter must not be negative: " + jitter);
		}
	}

	/**
	 * Returns a link that loses nothing and delivers at once (in a later event at the same
	 * virtual instant).
	 * @return a perfect link
	 */
	public static LinkConditions perfect() {
		return new LinkConditions(0, Duration.ZERO, Duration.ZERO, 0);
	}

	/**
	 * Returns a link like a data centre's: 0.5 ms plus up to 0.5 ms of jitter, no loss. The
	 * default of a {@link SimulatedNetwork}.
	 * @return a LAN link
	 */
	public static LinkConditions lan() {
		return new LinkConditions(0, Duration.ofNanos(500_000), Duration.ofNanos(500_000), 0);
	}

	/**
	 * Returns a link like one between regions: 50 ms plus up to 20 ms of jitter, no loss.
	 * @return a WAN link
	 */
	public static LinkConditions wan() {
		return new LinkConditions(0, Duration.ofMillis(50), Duration.ofMillis(20), 0);
	}

	/**
	 * Returns these conditions with another loss probability.
	 * @param loss the probability that a packet is lost, from 0 to 1
	 * @return the new conditions
	 */
	public LinkConditions withLoss(double loss) {
		return new LinkConditions(loss, this.delay, this.jitter, this.duplication);
	}

	/**
	 * Returns these conditions with another base delay.
	 * @param delay the least time a packet takes
	 * @return the new conditions
	 */
	public LinkConditions withDelay(Duration delay) {
		return new LinkConditions(this.loss, delay, this.jitter, this.duplication);
	}

	/**
	 * Returns these conditions with another jitter.
	 * @param jitter the most extra time added to the delay
	 * @return the new conditions
	 */
	public LinkConditions withJitter(Duration jitter) {
		return new LinkConditions(this.loss, this.delay, jitter, this.duplication);
	}

	/**
	 * Returns these conditions with another duplication probability.
	 * @param duplication the probability that a delivered packet arrives twice, from 0 to 1
	 * @return the new conditions
	 */
	public LinkConditions withDuplication(double duplication) {
		return new LinkConditions(this.loss, this.delay, this.jitter, duplication);
	}

}
