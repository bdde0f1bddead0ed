package dev.weir.benchmarks.federation.realtime;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import dev.weir.benchmarks.Pause;
import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * A coordinator one round trip away: every lease, give-back and probe waits half the round trip
 * before the call and half after, each half ± 50 % at random, as a coordinator in another region
 * would. It counts lease calls (zero grants and failed calls included) per window of the wall
 * clock when the wrapped coordinator was called, and the time they took.
 */
final class JitteredCoordinator implements GlobalCoordinator {

	private final GlobalCoordinator target;

	private final long halfNanos;

	private final long windowMillis;

	private final long firstWindow;

	private final AtomicLongArray leasesPerWindow;

	private final LongAdder leaseNanos = new LongAdder();

	private final LongAdder leases = new LongAdder();

	/**
	 * Wraps a coordinator.
	 * @param target the coordinator that answers
	 * @param roundTripNanos the mean round trip
	 * @param windowMillis the window leases are counted in
	 * @param firstWindow the wall-clock window index of the first counted window
	 * @param windows how many windows to count
	 */
	JitteredCoordinator(GlobalCoordinator target, long roundTripNanos, long windowMillis, long firstWindow,
			int windows) {
		this.target = target;
		this.halfNanos = roundTripNanos / 2;
		this.windowMillis = windowMillis;
		this.firstWindow = firstWindow;
		this.leasesPerWindow = new AtomicLongArray(windows);
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		long start = System.nanoTime();
		pause();
		int window = (int) (Math.floorDiv(System.currentTimeMillis(), this.windowMillis) - this.firstWindow);
		try {
			return this.target.lease(request);
		}
		finally {
			if (window >= 0 && window < this.leasesPerWindow.length()) {
				this.leasesPerWindow.incrementAndGet(window);
			}
			pause();
			this.leases.increment();
			this.leaseNanos.add(System.nanoTime() - start);
		}
	}

	@Override
	public long giveBack(GiveBackRequest request) {
		pause();
		try {
			return this.target.giveBack(request);
		}
		finally {
			pause();
		}
	}

	@Override
	public long probe() {
		pause();
		try {
			return this.target.probe();
		}
		finally {
			pause();
		}
	}

	/** Lease calls that reached the coordinator in a window, counted from the first one. */
	long leases(int window) {
		return this.leasesPerWindow.get(window);
	}

	/** The mean time of a lease call, delay included, in milliseconds. */
	double meanLeaseMillis() {
		long n = this.leases.sum();
		return (n == 0) ? 0 : this.leaseNanos.sum() / 1e6 / n;
	}

	private void pause() {
		Pause.nanos((long) (this.halfNanos * ThreadLocalRandom.current().nextDouble(0.5, 1.5)));
	}

}
