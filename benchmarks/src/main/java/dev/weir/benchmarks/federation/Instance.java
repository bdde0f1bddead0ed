package dev.weir.benchmarks.federation;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.weir.federation.FederatedRateLimiter;

/**
 * One process of a region in the open-loop simulation: its own limiter, clock and link to the
 * coordinator. A decision that leases blocks the key for the round trip; requests arriving
 * meanwhile wait for that lease, as the engine's followers do, and decide again, in order, when
 * it returns. One that has waited for three leases and finds no escrow is denied, as the
 * engine's fourth round is.
 */
final class Instance {

	static final String KEY = "key";

	private static final Field ESCROWS;

	private static final Field WINDOW;

	static {
		// The charged window of an admission is the window of the escrow it spent, which the
		// engine keeps private: read it here rather than widen the engine's API for a benchmark.
		try {
			ESCROWS = FederatedRateLimiter.class.getDeclaredField("escrows");
			ESCROWS.setAccessible(true);
			WINDOW = Class.forName(FederatedRateLimiter.class.getName() + "$Escrow").getDeclaredField("window");
			WINDOW.setAccessible(true);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final int region;

	final VirtualClock clock;

	final FederatedRateLimiter limiter;

	final SimCoordinator.Link link;

	final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

	long busyUntil;

	/** Whether a decision of this instance is being simulated (its lease may wait for others' events). */
	boolean deciding;

	/** Start of the decision scheduled for the head of {@link #waiting}, or -1. */
	long scheduledStart = -1;

	private @Nullable Object escrow;

	Instance(int region, VirtualClock clock, FederatedRateLimiter limiter, SimCoordinator.Link link) {
		this.region = region;
		this.clock = clock;
		this.limiter = limiter;
		this.link = link;
	}

	/** Whether the key is (or may be) in flight at a time: a lease out, or a decision begun but not simulated yet. */
	boolean busy(long nanos) {
		return this.deciding || this.busyUntil > nanos || (this.scheduledStart >= 0 && this.scheduledStart <= nanos);
	}

	/** Queues a request that arrived at a time. */
	void arrive(long nanos) {
		// Leases counted so far, less the one in flight now, which this request waits for too.
		this.waiting.add(new Waiting(nanos, this.link.leases() - ((this.deciding || this.busyUntil > nanos) ? 1 : 0)));
	}

	/** How many leases a waiting request has waited for. */
	long rounds(Waiting request) {
		return this.link.leases() - request.leasesBefore();
	}

	/** The coordinator window of the escrow this instance holds for the key now. */
	long chargedWindow() {
		try {
			if (this.escrow == null) {
				this.escrow = ((Map<?, ?>) ESCROWS.get(this.limiter)).get(KEY);
			}
			return WINDOW.getLong(this.escrow);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A request waiting at this instance.
	 *
	 * @param arrivedAt when it arrived
	 * @param leasesBefore the instance's lease count before the first lease it waits for
	 */
	record Waiting(long arrivedAt, long leasesBefore) {
	}

}
