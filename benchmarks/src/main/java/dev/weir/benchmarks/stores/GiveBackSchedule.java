package dev.weir.benchmarks.stores;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.weir.federation.FederatedRateLimiter;

/**
 * Runs a {@link GiveBackPolicy} on a real scheduler thread, at a fixed delay, over some
 * limiters, as the Spring integration's {@code FederatedLimiters} runs its idle give-back.
 */
final class GiveBackSchedule implements AutoCloseable {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "replica-give-back");
		thread.setDaemon(true);
		return thread;
	});

	GiveBackSchedule(GiveBackPolicy policy, List<FederatedRateLimiter> limiters) {
		long every = policy.tick().toNanos();
		if (every > 0) {
			this.scheduler.scheduleWithFixedDelay(() -> limiters.forEach((limiter) -> {
				try {
					policy.action().accept(limiter);
				}
				catch (RuntimeException ex) {
					// The limiter counts coordinator errors itself; nothing may stop the schedule.
				}
			}), every, every, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
