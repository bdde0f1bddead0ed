package dev.weir.benchmarks.stores;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs callers in a closed loop for a while, each on its own thread, each call awaited before
 * the next, and records every call's latency.
 */
final class ClosedLoop {

	/** The most latencies kept per caller and run; calls beyond are counted, not timed. */
	private static final int CAPACITY = 1 << 18;

	private final long[][] samples;

	ClosedLoop(int maxCallers) {
		this.samples = new long[maxCallers][CAPACITY];
	}

	/**
	 * Runs the callers.
	 * @param callers the callers, one thread each
	 * @param call what each call does
	 * @param nanos how long to run
	 * @return the calls made, the time they took and their latencies
	 */
	Run run(List<Caller> callers, StoreCall call, long nanos) throws InterruptedException {
		int n = callers.size();
		long[] counts = new long[n];
		CountDownLatch start = new CountDownLatch(1);
		AtomicReference<RuntimeException> failure = new AtomicReference<>();
		long[] bounds = new long[2];
		Thread[] threads = new Thread[n];
		for (int i = 0; i < n; i++) {
			int index = i;
			threads[i] = new Thread(() -> {
				try {
					start.await();
					counts[index] = loop(callers.get(index), call, this.samples[index], bounds[1]);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (RuntimeException ex) {
					failure.compareAndSet(null, ex);
				}
			}, "store-caller-" + i);
			threads[i].start();
		}
		bounds[0] = System.nanoTime();
		bounds[1] = bounds[0] + nanos;
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long elapsed = System.nanoTime() - bounds[0];
		if (failure.get() != null) {
			throw failure.get();
		}
		long calls = 0;
		int timed = 0;
		for (long count : counts) {
			calls += count;
			timed += (int) Math.min(count, CAPACITY);
		}
		long[] latencies = new long[timed];
		int at = 0;
		for (int i = 0; i < n; i++) {
			int kept = (int) Math.min(counts[i], CAPACITY);
			System.arraycopy(this.samples[i], 0, latencies, at, kept);
			at += kept;
		}
		return new Run(calls, elapsed, latencies);
	}

	private static long loop(Caller caller, StoreCall call, long[] samples, long end) {
		long count = 0;
		long now = System.nanoTime();
		while (now < end) {
			call.call(caller);
			long after = System.nanoTime();
			if (count < samples.length) {
				samples[(int) count] = after - now;
			}
			count++;
			now = after;
		}
		return count;
	}

	/**
	 * What one run of the callers did.
	 *
	 * @param calls calls completed
	 * @param nanos from the start signal until the last caller stopped
	 * @param latencies the latency of every timed call, in nanoseconds, unsorted
	 */
	record Run(long calls, long nanos, long[] latencies) {

		double perSecond() {
			return this.calls * 1e9 / this.nanos;
		}

	}

}
