package dev.weir.benchmarks.stores;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * A coordinator whose leases and give-backs take an added delay, half before the call and half
 * after, as a coordinator in another region would; it counts the calls and their time. The probe
 * is not delayed: only the driver calls it, to read the coordinator's clock.
 */
final class DelayingCoordinator implements GlobalCoordinator {

	private final GlobalCoordinator target;

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
		this.target = target;
		this.halfNanos = delayNanos / 2;
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		long start = System.nanoTime();
		pause(this.halfNanos);
		long sent = System.nanoTime();
		LeaseGrant grant = this.target.lease(request);
		this.targetNanos.add(System.nanoTime() - sent);
		pause(this.halfNanos);
		this.leases.incrementAndGet();
		this.leaseNanos.addAndGet(System.nanoTime() - start);
		return grant;
	}

	@Override
	public long giveBack(GiveBackRequest request) {
		pause(this.halfNanos);
		long credited = this.target.giveBack(request);
		pause(this.halfNanos);
		this.giveBacks.incrementAndGet();
		return credited;
	}

	@Override
	public long probe() {
		return this.target.probe();
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

	private static void pause(long nanos) {
		long end = System.nanoTime() + nanos;
		for (long left = nanos; left > 0; left = end - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

}
