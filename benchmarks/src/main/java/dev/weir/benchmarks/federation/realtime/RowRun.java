package dev.weir.benchmarks.federation.realtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.InMemoryCoordinator;
import dev.weir.limit.Algorithm;
import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.Clock;

/**
 * Runs one row in real time: fresh regions and coordinator, started at a window boundary of the
 * system clock the coordinator reads; each arrival is handed to a request thread at its time,
 * calls {@code tryAcquire("key")} on its region's limiter and records when and what was decided.
 */
final class RowRun {

	static final String KEY = "key";

	/** How long requests still undecided after the last window may take before the row is a hang. */
	private static final long DRAIN_SECONDS = 60;

	/** Setup time allowed before the row's first window starts. */
	private static final long SETUP_MILLIS = 100;

	private final Settings settings;

	private final Row row;

	private final Arrivals arrivals;

	private final RequestPool pool;

	RowRun(Settings settings, Row row, Arrivals arrivals, RequestPool pool) {
		this.settings = settings;
		this.row = row;
		this.arrivals = arrivals;
		this.pool = pool;
	}

	/**
	 * Runs the row and measures it.
	 * @return the row's figures
	 * @throws IllegalStateException if a decision threw or requests were still undecided
	 * {@value #DRAIN_SECONDS} s after the last window (a hang)
	 */
	RowResult run() throws InterruptedException {
		long windowMillis = this.settings.windowMillis();
		LimitPolicy policy = LimitPolicy.of("round-trips", this.settings.limit(), Duration.ofMillis(windowMillis),
				Algorithm.FIXED_WINDOW);
		long firstWindow = Math.floorDiv(System.currentTimeMillis() + SETUP_MILLIS, windowMillis) + 1;
		JitteredCoordinator coordinator = new JitteredCoordinator(new InMemoryCoordinator(Clock.system()),
				this.row.roundTripNanos(), windowMillis, firstWindow, this.settings.windows());
		Outcomes outcomes = new Outcomes(this.arrivals.size(), windowMillis);
		CountDownLatch undecided = new CountDownLatch(this.arrivals.size());
		long startNanos;
		@Nullable Counts measuredFrom = null;
		Counts measuredTo;
		try (Regions regions = new Regions(this.settings.regions(), policy, this.row, coordinator)) {
			if (System.currentTimeMillis() >= firstWindow * windowMillis) {
				throw new IllegalStateException("setting up row " + this.row + " took over " + SETUP_MILLIS + " ms");
			}
			startNanos = awaitWall(firstWindow * windowMillis);
			long fromNanos = startNanos + this.settings.warmUp() * this.settings.windowNanos();
			for (int i = 0; i < this.arrivals.size(); i++) {
				awaitNanos(startNanos + this.arrivals.offsetNanos()[i]);
				if (measuredFrom == null && System.nanoTime() >= fromNanos) {
					measuredFrom = Counts.of(regions, this.pool);
				}
				dispatch(regions.limiter(this.arrivals.regions()[i]), i, outcomes, undecided);
			}
			awaitWall((firstWindow + this.settings.windows()) * windowMillis);
			measuredTo = Counts.of(regions, this.pool);
			if (!undecided.await(DRAIN_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException(undecided.getCount() + " requests of row " + this.row
						+ " still undecided " + DRAIN_SECONDS + " s after its last window: a hang");
			}
		}
		RuntimeException error = outcomes.error();
		if (error != null) {
			throw new IllegalStateException("a decision of row " + this.row + " threw", error);
		}
		if (measuredFrom == null) {
			throw new IllegalStateException("no request arrived in the measured windows of row " + this.row);
		}
		return new RowTally(this.settings, this.arrivals, outcomes, firstWindow, startNanos)
			.result(this.row, coordinator, measuredFrom, measuredTo);
	}

	private void dispatch(FederatedRateLimiter limiter, int request, Outcomes outcomes, CountDownLatch undecided) {
		this.pool.run(() -> {
			long started = System.nanoTime();
			try {
				Decision decision = limiter.tryAcquire(KEY);
				long decided = System.nanoTime();
				outcomes.decided(request, started, decision, decided, System.currentTimeMillis());
			}
			catch (RuntimeException ex) {
				outcomes.failed(ex);
			}
			finally {
				undecided.countDown();
			}
		});
	}

	/** Waits until the system clock reads a wall time; returns the monotonic time then. */
	private static long awaitWall(long wallMillis) {
		long left = wallMillis - System.currentTimeMillis();
		if (left > 2) {
			LockSupport.parkNanos((left - 2) * 1_000_000L);
		}
		while (System.currentTimeMillis() < wallMillis) {
			Thread.onSpinWait();
		}
		return System.nanoTime();
	}

	private static void awaitNanos(long due) {
		for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

}
