package dev.weir.benchmarks.stores;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.weir.benchmarks.Pause;
import dev.weir.federation.ForwardingCoordinator;
import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * A coordinator whose leases and give-backs take an added delay, half before the call and half
 * after, as a coordinator in another region would; it counts the calls and their time. The probe
 * is not delayed: only the driver calls it, to read the coordinator's clock.
 */
final class DelayingCoordinator extends ForwardingCoordinator {

	private final long halfNanos;

	private final AtomicLong leases = new AtomicLong();

	private final AtomicLong leaseNanos = new AtomicLong();

	private final List<Long> targetNanos = Collections.synchronizedList(new ArrayList<>());

	private final AtomicLong giveBacks = new AtomicLong();

	/**
	 * Wraps a coordinator.
	 * @param target the coordinator that answers
	 * @param delayNanos the delay added to each lease and give-back
	 */
	DelayingCoordinator(GlobalCoordinator target, long delayNanos) {
		super(target);
		this.halfNanos = delayNanos / 2;
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		long start = System.nanoTime();
		Pause.nanos(this.halfNanos);
		long sent = System.nanoTime();
		LeaseGrant grant = delegate().lease(request);
		this.targetNanos.add(System.nanoTime() - sent);
		Pause.nanos(this.halfNanos);
		this.leases.incrementAndGet();
		this.leaseNanos.addAndGet(System.nanoTime() - start);
		return grant;
	}

	@Override
	public long giveBack(GiveBackRequest request) {
		Pause.nanos(this.halfNanos);
		long credited = delegate().giveBack(request);
		Pause.nanos(this.halfNanos);
		this.giveBacks.incrementAndGet();
		return credited;
	}


	/** Lease calls so far, zero grants included. */
	long leases() {
		return this.leases.get();
	}

	/** Give-back calls so far. */
	long giveBacks() {
		return this.giveBacks.get();
	}

	/** The mean time of a lease call, delay included, in milliseconds. */
	double meanLeaseMillis() {
		long n = this.leases.get();
		return (n == 0) ? 0 : this.leaseNanos.get() / 1e6 / n;
	}

	/** The median time the wrapped coordinator took to answer a lease, in milliseconds. */
	double medianTargetMillis() {
		List<Long> sorted;
		synchronized (this.targetNanos) {
			sorted = new ArrayList<>(this.targetNanos);
		}
		Collections.sort(sorted);
		return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
	}

}
