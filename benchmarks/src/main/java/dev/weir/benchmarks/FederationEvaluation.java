package dev.weir.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationConfig;
import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.InMemoryCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.Clock;
import dev.weir.time.ManualClock;

/**
 * Federation evaluation of docs/FEDERATION.md §8 on virtual time: the real engine and the
 * in-memory coordinator, with every coordinator call delayed on a manual clock. (A) replays
 * ThrottleKit's skew table; (B) runs open-loop Poisson arrivals with static-partition and ideal
 * rows from the same arrivals, and fault runs. Prints Markdown tables. Seeded: the same run
 * prints the same figures.
 */
public final class FederationEvaluation {

	private static final long START = 1_700_000_000_000L;

	private FederationEvaluation() {
	}

	public static void main(String[] args) {
		replica();
		own();
	}

	/** A coordinator whose calls take a delay on the manual clock, half each way, and are counted. */
	static final class DelayedCoordinator implements GlobalCoordinator {

		final InMemoryCoordinator target;

		final ManualClock clock;

		final SplittableRandom random;

		final long meanNanos;

		final double jitter;

		long leases;

		DelayedCoordinator(ManualClock clock, long meanNanos, double jitter, long seed) {
			this.target = new InMemoryCoordinator(clock);
			this.clock = clock;
			this.meanNanos = meanNanos;
			this.jitter = jitter;
			this.random = new SplittableRandom(seed);
		}

		private long half() {
			double factor = 1 + this.jitter * (2 * this.random.nextDouble() - 1);
			return (long) (this.meanNanos / 2.0 * factor);
		}

		@Override
		public LeaseGrant lease(LeaseRequest request) {
			this.clock.advanceNanos(half());
			this.leases++;
			LeaseGrant grant = this.target.lease(request);
			this.clock.advanceNanos(half());
			return grant;
		}

		@Override
		public long giveBack(GiveBackRequest request) {
			return this.target.giveBack(request);
		}

		@Override
		public long probe() {
			return this.target.probe();
		}

	}

	private static List<FederatedRateLimiter> regions(int k, LimitPolicy policy, long batch, GlobalCoordinator coordinator,
			Clock clock, long offsetMillis) {
		List<FederatedRateLimiter> limiters = new ArrayList<>();
		for (int r = 0; r < k; r++) {
			long offset = (r % 2 == 0 ? 1 : -1) * offsetMillis;
			Clock node = new Clock() {
				@Override
				public long wallTimeMillis() {
					return clock.wallTimeMillis() + offset;
				}

				@Override
				public long monotonicNanos() {
					return clock.monotonicNanos();
				}
			};
			limiters.add(new FederatedRateLimiter(policy,
					FederationConfig.of("r" + r, "p").withBatch(batch).withProbeInterval(Duration.ofMillis(100)),
					coordinator, null, node));
		}
		return limiters;
	}

	// ---- A: ThrottleKit's skew table --------------------------------------------------------

	static void replica() {
		long limit = 300;
		long windowMillis = 5_000;
		int k = 3;
		System.out.println("### A. Replica of ThrottleKit's skew table (K = 3, L = 300, W = 5 s, B = 8, 2 ms per call, 2 windows, default give-back: quiet keys after 5–500 ms)\n");
		System.out.println("| s | admitted (2 windows) | U_capacity | Δ | coordTrips (2 windows) | static U | recovery | ThrottleKit admitted / U / trips |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
		String[] theirs = { "584 / 0.973 / 92", "586 / 0.977 / 90", "594 / 0.990 / 83", "574 / 0.957 / 102",
				"600 / 1.000 / 76" };
		double[] skews = { 0, 0.25, 0.5, 0.75, 1.0 };
		for (int i = 0; i < skews.length; i++) {
			double s = skews[i];
			ManualClock clock = new ManualClock(START);
			DelayedCoordinator coordinator = new DelayedCoordinator(clock, 2_000_000, 0, 1);
			LimitPolicy policy = LimitPolicy.of("replica", limit, Duration.ofMillis(windowMillis), Algorithm.FIXED_WINDOW);
			List<FederatedRateLimiter> limiters = regions(k, policy, 8, coordinator, clock, 0);
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
			System.out.printf(Locale.ROOT, "| %.2f | %d | %.3f | %d | %d | %.3f | %+.3f | %s |%n", s, admitted, u,
					Math.max(0, worst), coordinator.leases, staticU, u - staticU, theirs[i]);
		}
		System.out.println();
	}

	/**
	 * The give-back schedule of the Spring integration on virtual time, with its defaults: every
	 * {@code weir.federation.quiet-give-back} (5 ms), each limiter gives back the escrow of keys
	 * quiet for 16 of their own gaps between requests, at least that long and at most
	 * {@code weir.federation.idle-give-back} (500 ms).
	 */
	static final class GiveBackSchedule {

		static final long QUIET_MILLIS = 5;

		static final long IDLE_MILLIS = 500;

		private final ManualClock clock;

		private final List<FederatedRateLimiter> limiters;

		private final long quietNanos;

		private final long idleNanos;

		private long next;

		GiveBackSchedule(ManualClock clock, List<FederatedRateLimiter> limiters) {
			this.clock = clock;
			this.limiters = limiters;
			this.quietNanos = QUIET_MILLIS * 1_000_000L;
			this.idleNanos = IDLE_MILLIS * 1_000_000L;
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

	// ---- B: Weir's own evaluation -----------------------------------------------------------

	enum Fault {
		NONE, OFFSETS, STOPPED, RESTARTED
	}

	static void own() {
		System.out.println("### B. Open-loop Poisson arrivals (L = 1,000, W = 1 s, B = 8, skew s = 0.5, 2 ± 1 ms per call, default give-back, 2 warm-up + 30 measured windows)\n");
		System.out.println("| K | offered | fault | U_capacity mean | U min | static U | ideal U | Δ max (real time) | trips / admitted | p50 / p99 decision (ms) |");
		System.out.println("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
		for (int k : new int[] { 3, 5, 10 }) {
			for (double mult : new double[] { 1.0, 1.5, 3.0 }) {
				run(k, mult, Fault.NONE);
			}
		}
		run(3, 3.0, Fault.OFFSETS);
		run(10, 3.0, Fault.OFFSETS);
		run(3, 3.0, Fault.STOPPED);
		run(3, 3.0, Fault.RESTARTED);
		System.out.println();
	}

	static void run(int k, double mult, Fault fault) {
		long limit = 1_000;
		long windowMillis = 1_000;
		int warmup = 2;
		int measured = 30;
		int windows = warmup + measured;
		double s = 0.5;
		SplittableRandom random = new SplittableRandom(42 + k * 31L + (long) (mult * 7));
		ManualClock clock = new ManualClock(START);
		alignToWindowStart(clock, windowMillis);
		long first = clock.wallTimeMillis() / windowMillis;
		long startNanos = clock.monotonicNanos();
		DelayedCoordinator coordinator = new DelayedCoordinator(clock, 2_000_000, 0.5, random.nextLong());
		LimitPolicy policy = LimitPolicy.of("eval", limit, Duration.ofMillis(windowMillis), Algorithm.FIXED_WINDOW);
		List<FederatedRateLimiter> limiters = regions(k, policy, 8, coordinator, clock,
				(fault == Fault.OFFSETS) ? 500 : 0);
		// Arrivals: per region a Poisson process at mult·L/W·f_r.
		double hot = 1.0 / k + s * (1 - 1.0 / k);
		List<long[]> arrivals = new ArrayList<>();
		for (int r = 0; r < k; r++) {
			double share = (r == 0) ? hot : (1 - hot) / (k - 1);
			double perNano = mult * limit * share / (windowMillis * 1_000_000.0);
			double t = 0;
			while (true) {
				t += -Math.log(1 - random.nextDouble()) / perNano;
				if (t >= windows * windowMillis * 1_000_000.0) {
					break;
				}
				arrivals.add(new long[] { startNanos + (long) t, r });
			}
		}
		arrivals.sort((a, b) -> Long.compare(a[0], b[0]));
		long[] admitted = new long[windows];
		long[][] offered = new long[windows][k];
		long[] latencies = new long[arrivals.size()];
		int decided = 0;
		long trips0 = 0;
		long admittedMeasured = 0;
		boolean stopped = false;
		boolean lost = false;
		GiveBackSchedule scheduler = new GiveBackSchedule(clock, limiters);
		for (long[] arrival : arrivals) {
			long now = clock.monotonicNanos();
			if (arrival[0] > now) {
				clock.advanceNanos(arrival[0] - now);
			}
			scheduler.tick();
			int arrivalWindow = (int) ((arrival[0] - startNanos) / (windowMillis * 1_000_000L));
			offered[arrivalWindow][(int) arrival[1]]++;
			if (fault == Fault.STOPPED && !stopped && arrivalWindow == 10 && clock.wallTimeMillis() % windowMillis >= 500) {
				coordinator.target.setAvailable(false);
				stopped = true;
			}
			if (fault == Fault.STOPPED && stopped && arrivalWindow == 12) {
				coordinator.target.setAvailable(true);
			}
			if (fault == Fault.RESTARTED && !lost && arrivalWindow == 10 && clock.wallTimeMillis() % windowMillis >= 500) {
				coordinator.target.loseState();
				lost = true;
			}
			if (arrivalWindow == warmup && trips0 == 0) {
				trips0 = coordinator.leases;
			}
			boolean ok = limiters.get((int) arrival[1]).tryAcquire("key").allowed();
			latencies[decided++] = clock.monotonicNanos() - arrival[0];
			if (ok) {
				int w = (int) (clock.wallTimeMillis() / windowMillis - first);
				if (w < windows) {
					admitted[w]++;
					if (w >= warmup) {
						admittedMeasured++;
					}
				}
			}
		}
		double sum = 0;
		double min = Double.MAX_VALUE;
		long delta = 0;
		double staticSum = 0;
		double idealSum = 0;
		for (int w = warmup; w < windows; w++) {
			double u = admitted[w] / (double) limit;
			sum += u;
			min = Math.min(min, u);
			delta = Math.max(delta, admitted[w] - limit);
			long total = 0;
			long partition = 0;
			for (int r = 0; r < k; r++) {
				total += offered[w][r];
				partition += Math.min(offered[w][r], limit / k);
			}
			staticSum += partition / (double) limit;
			idealSum += Math.min(total, limit) / (double) limit;
		}
		Arrays.sort(latencies, 0, decided);
		double trips = (coordinator.leases - trips0) / (double) Math.max(1, admittedMeasured);
		System.out.printf(Locale.ROOT, "| %d | %.1f× | %s | %.4f | %.3f | %.4f | %.4f | %d | %.3f | %.2f / %.2f |%n", k, mult,
				fault.name().toLowerCase(), sum / measured, min, staticSum / measured, idealSum / measured,
				Math.max(0, delta), trips, latencies[decided / 2] / 1e6, latencies[(int) (decided * 0.99)] / 1e6);
	}

}
