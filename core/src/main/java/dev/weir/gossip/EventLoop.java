package dev.weir.gossip;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: one daemon thread that runs a node's tasks in order. A
 * task that throws is logged and the loop goes on, so a bug met on one message cannot stop a
 * node.
 */
public final class EventLoop implements Scheduler, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EventLoop.class);

	private final ScheduledThreadPoolExecutor executor;

	/**
	 * Creates a loop.
	 * @param name the thread's name
	 */
	public EventLoop(String name) {
		this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	@Override
	public void execute(Runnable task) {
		if (!this.executor.isShutdown()) {
			this.executor.execute(guarded(task));
		}
	}

	@Override
	public Cancellable schedule(Duration delay, Runnable task) {
		if (this.executor.isShutdown()) {
			return () -> {
			};
		}
		ScheduledFuture<?> future = this.executor.schedule(guarded(task), Math.max(0, delay.toNanos()),
				TimeUnit.NANOSECONDS);
		return () -> future.cancel(false);
	}

	/**
	 * Stops the loop, waiting up to a timeout for the running task.
	 * @param timeout how long to wait
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void shutdown(Duration timeout) throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private static Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("A gossip task failed; the node goes on", ex);
			}
		};
	}

}
