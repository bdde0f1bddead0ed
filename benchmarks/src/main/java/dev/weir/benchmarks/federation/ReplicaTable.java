package dev.weir.benchmarks.federation;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationConfig;
import dev.weir.federation.ForwardingCoordinator;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.InMemoryCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.ManualClock;

/**
 * Part A of the federation evaluation: a replica of ThrottleKit's skew table (docs/FEDERATION.md
 * §8 A), closed-loop and sequential as their driver is, on one manual clock that every
 * coordinator call advances by its delay. Prints Markdown.
 */
public final class ReplicaTable {

	private static final long START = 1_700_000_000_000L;

	private ReplicaTable() {
	}

	/** A coordinator whose calls take a fixed delay on the manual clock, half each way, and are counted. */
	private static final class DelayedCoordinator extends ForwardingCoordinator {

		private final ManualClock clock;

		private final long halfNanos;

		private long leases;

		DelayedCoordinator(ManualClock clock, long delayNanos) {
			super(new InMemoryCoordinator(clock));
			this.clock = clock;
			this.halfNanos = delayNanos / 2;
		}

		@Override
		public LeaseGrant lease(LeaseRequest request) {
			this.clock.advanceNanos(this.halfNanos);
			this.leases++;
			LeaseGrant grant = delegate().lease(request);
			this.clock.advanceNanos(this.halfNanos);
			return grant;
		}

	}

	private static List<FederatedRateLimiter> regions(int k, LimitPolicy policy, GlobalCoordinator coordinator,
			ManualClock clock) {
		List<FederatedRateLimiter> limiters = new ArrayList<>();
		for (int r = 0; r < k; r++) {
			limiters.add(new FederatedRateLimiter(policy, FederationConfig.of("r" + r, "p").withBatch(8), coordinator,
					null, clock));
		}
		return limiters;
	}

	/**
	 * Runs the replica and prints its table.
	 * @param out where to print
	 */
	public static void print(PrintStream out) {
		long limit = 300;
		long windowMillis = 5_000;
		int k = 3;
		out.println("### A. Replica of ThrottleKit's skew table (K = 3, L = 300, W = 5 s, B = 8, 2 ms per call, 2 windows, default give-back: quiet keys after 5–500 ms)\n");
		out.println("| s | admitted (2 windows) | U_capacity | Δ | coordTrips (2 windows) | static U | recovery | ThrottleKit admitted / U / trips |");
		out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
		String[] theirs = { "584 / 0.973 / 92", "586 / 0.977 / 90", "594 / 0.990 / 83", "574 / 0.957 / 102",
				"600 / 1.000 / 76" };
		double[] skews = { 0, 0.25, 0.5, 0.75, 1.0 };
		for (int i = 0; i < skews.length; i++) {
			double s = skews[i];
			ManualClock clock = new ManualClock(START);
			DelayedCoordinator coordinator = new DelayedCoordinator(clock, 2_000_000);
			LimitPolicy policy = LimitPolicy.of("replica", limit, Duration.ofMillis(windowMillis), Algorithm.FIXED_WINDOW);
			List<FederatedRateLimiter> limiters = regions(k, policy, coordinator, clock);
			long admitted = 0;
			long worst = 0;
			for (int w = 0; w < 2; w++) {
				alignToWindowStart(clock, windowMillis);
				long window = clock.wallTimeMillis() / windowMillis;
				long n = limit;
				double hot = 1.0 / k + s * (1 - 1.0 / k);
				long cold = Math.round(n * (1 - hot) / (k - 1));
				long[] load = new long[k];
				Arrays.fill(load, cold);
				load[0] = n - (k - 1) * cold;
				long inWindow = 0;
				GiveBackSchedule scheduler = new GiveBackSchedule(clock, limiters);
				for (int r = 0; r < k; r++) {
					for (long j = 0; j < load[r]; j++) {
						scheduler.tick();
						if (limiters.get(r).tryAcquire("key").allowed()) {
							inWindow++;
						}
					}
				}
				if (clock.wallTimeMillis() / windowMillis != window) {
					throw new IllegalStateException("a replica loop crossed a window boundary");
				}
				admitted += inWindow;
				worst = Math.max(worst, inWindow - limit);
			}
			double u = admitted / (2.0 * limit);
			double staticU = 1 - s * (1 - 1.0 / k);
			out.printf(Locale.ROOT, "| %.2f | %d | %.3f | %d | %d | %.3f | %+.3f | %s |%n", s, admitted, u,
					Math.max(0, worst), coordinator.leases, staticU, u - staticU, theirs[i]);
		}
		out.println();
	}

	/**
	 * The give-back schedule of the Spring integration on virtual time, with its defaults: every
	 * {@code weir.federation.quiet-give-back} (5 ms), each limiter gives back the escrow of keys
	 * quiet for 16 of their own gaps between requests, at least that long and at most
	 * {@code weir.federation.idle-give-back} (500 ms).
	 */
	static final class GiveBackSchedule {

		private final ManualClock clock;

		private final List<FederatedRateLimiter> limiters;

		private final long quietNanos;

		private final long idleNanos;

		private long next;

		GiveBackSchedule(ManualClock clock, List<FederatedRateLimiter> limiters) {
			this.clock = clock;
			this.limiters = limiters;
			this.quietNanos = OpenLoopRun.QUIET_NANOS;
			this.idleNanos = OpenLoopRun.IDLE_NANOS;
			this.next = clock.monotonicNanos() + this.quietNanos;
		}

		void tick() {
			while (this.clock.monotonicNanos() >= this.next) {
				this.limiters.forEach((limiter) -> limiter.giveBackQuiet(this.quietNanos, this.idleNanos));
				this.next += this.quietNanos;
			}
		}

	}

	private static void alignToWindowStart(ManualClock clock, long windowMillis) {
		long now = clock.wallTimeMillis();
		long next = (now / windowMillis + 1) * windowMillis;
		clock.advance(Duration.ofMillis(next - now));
	}

}
