package dev.weir.spring.federation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationConfig;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.RegionalEscrow;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.Clock;

/**
 * Creates the federated limiters of an application, probes their coordinator on a schedule
 * while it is unreachable, gives back permits left unused for a while, and gives back all
 * escrow on shutdown.
 */
public final class FederatedLimiters implements DisposableBean {

	private static final int PREFETCH_THREADS = 16;

	private final FederationConfig config;

	private final GlobalCoordinator coordinator;

	private final @Nullable Function<LimitPolicy, RegionalEscrow> regional;

	private final Clock clock;

	private final List<FederatedRateLimiter> limiters = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService prober;

	private final @Nullable ExecutorService prefetcher;

	/**
	 * Creates the factory.
	 * @param config how this instance takes part
	 * @param coordinator the coordinator
	 * @param regional creates the regional escrow for a policy, or {@code null} for none
	 * @param clock the clock
	 * @param idleGiveBack how long leased permits may go unused before they are given back, or
	 * zero to keep them
	 * @param quietGiveBack the least time unused before a key whose requests stopped gives its
	 * permits back, judged by its own pace, and how often keys are checked; zero to give back
	 * only after {@code idleGiveBack}
	 * @param prefetch whether busy keys lease ahead of need on background threads
	 */
	public FederatedLimiters(FederationConfig config, GlobalCoordinator coordinator,
			@Nullable Function<LimitPolicy, RegionalEscrow> regional, Clock clock, Duration idleGiveBack,
			Duration quietGiveBack, boolean prefetch) {
		this.config = Objects.requireNonNull(config, "config");
		this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
		this.regional = regional;
		this.clock = Objects.requireNonNull(clock, "clock");
		this.prober = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "weir-federation-probe");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(10, config.probeInterval().toMillis() / 5);
		this.prober.scheduleWithFixedDelay(this::probe, period, period, TimeUnit.MILLISECONDS);
		this.prefetcher = prefetch ? prefetcher() : null;
		if (!idleGiveBack.isZero() && !idleGiveBack.isNegative()) {
			long idle = idleGiveBack.toNanos();
			long quiet = Math.min(quietGiveBack.toNanos(), idle);
			if (quiet > 0) {
				schedule((limiter) -> limiter.giveBackQuiet(quiet, idle), quiet);
			}
			else {
				schedule((limiter) -> limiter.giveBackIdle(idle), Math.max(10_000_000L, idle / 2));
			}
		}
	}

	/**
	 * Threads for leases ahead of need: up to {@value #PREFETCH_THREADS} at once, none kept
	 * idle for long; a prefetch finding them all busy is dropped, and its key leases on demand.
	 */
	private static ExecutorService prefetcher() {
		AtomicInteger count = new AtomicInteger();
		return new ThreadPoolExecutor(0, PREFETCH_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "weir-federation-prefetch-" + count.incrementAndGet());
					thread.setDaemon(true);
					// Not the request thread's loader, which a stopped web application would leak.
					thread.setContextClassLoader(FederatedLimiters.class.getClassLoader());
					return thread;
				});
	}

	private void schedule(Consumer<FederatedRateLimiter> giveBack, long everyNanos) {
		this.prober.scheduleWithFixedDelay(() -> this.limiters.forEach((limiter) -> {
			try {
				giveBack.accept(limiter);
			}
			catch (RuntimeException ex) {
				// Give-backs count coordinator errors themselves; nothing else may stop the schedule.
			}
		}), everyNanos, everyNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Creates the federated limiter for a policy.
	 * @param policy the policy
	 * @return the limiter
	 */
	public FederatedRateLimiter create(LimitPolicy policy) {
		RegionalEscrow escrow = (this.regional != null) ? this.regional.apply(policy) : null;
		FederatedRateLimiter limiter = new FederatedRateLimiter(policy, this.config, this.coordinator, escrow,
				this.clock, this.prefetcher);
		this.limiters.add(limiter);
		return limiter;
	}

	/**
	 * Returns the limiters created so far.
	 * @return the limiters
	 */
	public List<FederatedRateLimiter> limiters() {
		return List.copyOf(this.limiters);
	}

	/**
	 * Returns how this instance takes part.
	 * @return the configuration
	 */
	public FederationConfig config() {
		return this.config;
	}

	private void probe() {
		for (FederatedRateLimiter limiter : this.limiters) {
			try {
				limiter.probe(false);
			}
			catch (RuntimeException ex) {
				// probe() counts coordinator errors itself; nothing else may stop the schedule.
			}
		}
	}

	@Override
	public void destroy() {
		this.prober.shutdownNow();
		if (this.prefetcher != null) {
			this.prefetcher.shutdownNow();
		}
		this.limiters.forEach(FederatedRateLimiter::close);
	}

}
