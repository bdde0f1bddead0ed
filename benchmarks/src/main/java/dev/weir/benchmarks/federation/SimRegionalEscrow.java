package dev.weir.benchmarks.federation;

import java.util.PriorityQueue;
import java.util.function.LongSupplier;

import dev.weir.federation.InMemoryRegionalEscrow;
import dev.weir.federation.RegionalEscrow;

/**
 * A region's shared escrow (L2) in the open-loop simulation: an {@link InMemoryRegionalEscrow}
 * one zero-latency hop from the region's instances. A deposit is made at its instance's time,
 * after its lease came back, which the event loop simulates before other instances' events of
 * the round trip; and a decision is simulated up to one one-way delay after it starts. So a
 * deposit lands only for an operation at its time or later, once the event loop is a maximal
 * one-way delay past it: no instance ever takes units before they were deposited, and others
 * may see them up to the jitter late. Deposits are reported accepted; one the store refuses
 * when it lands (an older window) is lost, and the tally shows it as stranded.
 */
final class SimRegionalEscrow {

	private final InMemoryRegionalEscrow target = new InMemoryRegionalEscrow();

	private final PriorityQueue<Deposit> pending = new PriorityQueue<>();

	private long seq;

	private final LongSupplier seen;

	SimRegionalEscrow(LongSupplier seen) {
		this.seen = seen;
	}

	/** The store as one instance sees it. */
	RegionalEscrow link(VirtualClock node) {
		return new Link(node);
	}

	private void land(long now) {
		long upTo = Math.min(now, this.seen.getAsLong());
		while (!this.pending.isEmpty() && this.pending.peek().at <= upTo) {
			Deposit deposit = this.pending.poll();
			this.target.deposit(deposit.limiter, deposit.key, deposit.windowIndex, deposit.windowEndMillis,
					deposit.units);
		}
	}

	/** A deposit not yet visible. */
	private record Deposit(long at, long seq, String limiter, String key, long windowIndex, long windowEndMillis,
			long units) implements Comparable<Deposit> {

		@Override
		public int compareTo(Deposit other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.seq, other.seq);
		}

	}

	/** One instance's link to the store. */
	private final class Link implements RegionalEscrow {

		private final VirtualClock node;

		Link(VirtualClock node) {
			this.node = node;
		}

		@Override
		public long deposit(String limiter, String key, long windowIndex, long windowEndMillis, long units) {
			SimRegionalEscrow.this.pending.add(new Deposit(this.node.nanos(), SimRegionalEscrow.this.seq++, limiter,
					key, windowIndex, windowEndMillis, units));
			land(this.node.nanos());
			return units;
		}

		@Override
		public EscrowTake take(String limiter, String key, long want) {
			land(this.node.nanos());
			return SimRegionalEscrow.this.target.take(limiter, key, want);
		}

	}

}
