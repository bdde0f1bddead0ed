package dev.weir.benchmarks.federation.realtime;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform threads that run requests: a number started up front, more started whenever all are
 * busy, so that a request waiting for a lease never holds back the next arrival. It notes the
 * most requests running at once.
 */
final class RequestPool implements AutoCloseable {

	private final ThreadPoolExecutor executor;

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger peak = new AtomicInteger();

	/**
	 * Starts the threads.
	 * @param threads how many to start up front
	 */
	RequestPool(int threads) {
		AtomicInteger count = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(threads, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), (task) -> {
					Thread thread = new Thread(task, "request-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.prestartAllCoreThreads();
	}

	/** Runs a request on an idle thread, or a new one. */
	void run(Runnable request) {
		this.peak.accumulateAndGet(this.running.incrementAndGet(), Math::max);
		this.executor.execute(() -> {
			try {
				request.run();
			}
			finally {
				this.running.decrementAndGet();
			}
		});
	}

	/** The most requests that ran at once since the last call, then starts counting again. */
	int takePeak() {
		return this.peak.getAndSet(this.running.get());
	}

	/** Threads the pool has now. */
	int threads() {
		return this.executor.getPoolSize();
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
