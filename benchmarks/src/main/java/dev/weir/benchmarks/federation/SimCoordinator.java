package dev.weir.benchmarks.federation;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

import dev.weir.federation.CoordinatorException;
import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.InMemoryCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * The coordinator of the open-loop simulation: an {@link InMemoryCoordinator} on its own
 * virtual clock, reached over a link whose one-way delay is half the round trip ± jitter.
 *
 * <p>A lease sent at an instance's time s is applied at coordinator time c = s + d₁, and the
 * sender's clock moves on to c + d₂: the sender is blocked, other instances are not. The event
 * loop simulates a decision at its coordinator time, drawing d₁ beforehand ({@link Link#preset}),
 * so leases are applied in the order they arrive. A second lease within one decision, or a probe,
 * may reach the coordinator out of order; it then waits behind the last call applied (the
 * coordinator's clock never goes back), at most the jitter. Give-backs do not block their sender:
 * they are applied, in order, before the first lease that reaches the coordinator after them
 * (send + d₁). Faults are scheduled on coordinator time. Trips, grants and credits are tallied
 * per window.
 */
final class SimCoordinator {

	private final InMemoryCoordinator target;

	private final VirtualClock clock;

	private final SplittableRandom random;

	private final long halfNanos;

	private final Tally tally;

	private final long downFrom;

	private final long downUntil;

	private final long loseAt;

	private boolean lost;

	private long seq;

	private long last;

	private final PriorityQueue<Pending> pending = new PriorityQueue<>();

	private final LongConsumer advance;

	SimCoordinator(Scenario scenario, long originMillis, long seed, Tally tally, LongConsumer advance) {
		this.advance = advance;
		this.clock = new VirtualClock(originMillis, 0);
		this.target = new InMemoryCoordinator(this.clock);
		this.random = new SplittableRandom(seed);
		this.halfNanos = scenario.delayMillis() * 1_000_000L / 2;
		this.tally = tally;
		long middle = 10 * scenario.windowNanos() + scenario.windowNanos() / 2;
		this.downFrom = (scenario.fault() == Fault.STOPPED) ? middle : Long.MAX_VALUE;
		this.downUntil = (scenario.fault() == Fault.STOPPED) ? 12 * scenario.windowNanos() : Long.MAX_VALUE;
		this.loseAt = (scenario.fault() == Fault.RESTARTED) ? middle : Long.MAX_VALUE;
	}

	/** The coordinator as one instance sees it: calls start at that instance's clock. */
	Link link(VirtualClock node) {
		return new Link(node);
	}

	/** Applies the give-backs still on their way, at the end of a run. */
	void drain() {
		reach(Long.MAX_VALUE);
	}

	/** The longest one-way delay. */
	long maxOneWay() {
		return (long) (this.halfNanos * (1 + Scenario.JITTER));
	}

	/** Draws a one-way delay. */
	long oneWay() {
		return (long) (this.halfNanos * (1 + Scenario.JITTER * (2 * this.random.nextDouble() - 1)));
	}

	/** Brings the coordinator to a time: give-backs due by then, then the faults. */
	private void reach(long nanos) {
		while (!this.pending.isEmpty() && this.pending.peek().at <= nanos) {
			Pending give = this.pending.poll();
			at(Math.max(this.last, give.at));
			try {
				this.tally.credited(give.request.windowIndex(), this.target.giveBack(give.request));
			}
			catch (CoordinatorException ex) {
				// Lost on the way: the units are stranded, which the tally shows.
			}
		}
		if (nanos != Long.MAX_VALUE) {
			at(nanos);
		}
	}

	private void at(long nanos) {
		this.last = nanos;
		this.clock.set(nanos);
		if (!this.lost && nanos >= this.loseAt) {
			this.target.loseState();
			this.lost = true;
		}
		this.target.setAvailable(nanos < this.downFrom || nanos >= this.downUntil);
	}

	private LeaseGrant lease(VirtualClock node, long oneWay, LeaseRequest request) {
		this.advance.accept(node.nanos() + oneWay);
		long arrive = Math.max(this.last, node.nanos() + oneWay);
		this.tally.heldBack(arrive - (node.nanos() + oneWay));
		reach(arrive);
		this.tally.trip(arrive);
		try {
			LeaseGrant grant = this.target.lease(request);
			this.tally.granted(grant.windowIndex(), grant.granted());
			return grant;
		}
		finally {
			node.set(arrive + oneWay());
		}
	}

	private long probe(VirtualClock node) {
		reach(Math.max(this.last, node.nanos() + oneWay()));
		return this.target.probe();
	}

	/** A give-back in flight to the coordinator. */
	private record Pending(long at, long seq, GiveBackRequest request) implements Comparable<Pending> {

		@Override
		public int compareTo(Pending other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.seq, other.seq);
		}

	}

	/** One instance's link to the coordinator. */
	final class Link implements GlobalCoordinator {

		private final VirtualClock node;

		private long preset = -1;

		private long leases;

		Link(VirtualClock node) {
			this.node = node;
		}

		/** Sets the one-way delay of this instance's next lease, drawn when its decision was scheduled. */
		void preset(long oneWay) {
			this.preset = oneWay;
		}

		/** Lease calls this instance made, failed ones included. */
		long leases() {
			return this.leases;
		}

		@Override
		public LeaseGrant lease(LeaseRequest request) {
			long oneWay = (this.preset >= 0) ? this.preset : oneWay();
			this.preset = -1;
			this.leases++;
			return SimCoordinator.this.lease(this.node, oneWay, request);
		}

		/**
		 * Sends a give-back without waiting for it, and reports it credited: the engine only
		 * counts it. What the coordinator really credits is tallied when it is applied; a
		 * give-back that reaches a stopped coordinator is lost.
		 */
		@Override
		public long giveBack(GiveBackRequest request) {
			SimCoordinator.this.pending
					.add(new Pending(this.node.nanos() + oneWay(), SimCoordinator.this.seq++, request));
			return request.units();
		}

		@Override
		public long probe() {
			return SimCoordinator.this.probe(this.node);
		}

	}

}
