package dev.weir.benchmarks.stores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationConfig;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.spring.federation.redis.RedisCoordinator;
import dev.weir.time.Clock;

/**
 * ThrottleKit's skew table (docs/FEDERATION.md, evaluation A) against a real Redis: K = 3
 * regions, each its own {@link FederatedRateLimiter} (batch 8) over a {@link RedisCoordinator}
 * on one Redis server started here, L = 300, W = 5 s, 2 windows, one key, cost 1, mult 1.0, and
 * 2 ms added to every lease and give-back (1 ms before, 1 ms after). Per window it waits for the
 * start of the coordinator's window (Redis {@code TIME}, read by the probe), then runs the hot
 * region's requests and then each cold region's, one at a time, each awaited, while a scheduler
 * thread runs the give-back on every limiter. It fails if a loop crosses a window boundary, or
 * if the key's hash in Redis shows a window that granted more than L net of give-backs.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.weir.benchmarks.stores.FederationRedisReplica
 * [none | idleMillis [tickMillis]]}: by default the quiet give-back of the Spring defaults
 * ({@code giveBackQuiet(5 ms, 500 ms)} every 5 ms); a number gives {@code giveBackIdle} of that
 * many milliseconds instead; {@code none} runs without give-back. Another give-back is one change, in {@link #giveBack}.
 */
public final class FederationRedisReplica {

	private static final int REGIONS = 3;

	private static final long LIMIT = 300;

	private static final long WINDOW_MILLIS = 5_000;

	private static final int WINDOWS = 2;

	private static final long BATCH = 8;

	private static final long DELAY_NANOS = 2_000_000;

	private static final long START_MARGIN_MILLIS = 10;

	private static final long SETTLE_MILLIS = 100;

	private static final double[] SKEWS = { 0, 0.25, 0.5, 0.75, 1.0 };

	/** ThrottleKit's admitted, U_capacity, Δ and coordTrips per skew (docs/FEDERATION.md §8 A). */
	private static final String[] THROTTLEKIT = { "584 / 0.973 / 0 / 92", "586 / 0.977 / 0 / 90",
			"594 / 0.990 / 0 / 83", "574 / 0.957 / 0 / 102", "600 / 1.000 / 0 / 76" };

	private final RedisStore store;

	private final RedisCoordinator redis;

	private final GiveBackPolicy giveBack;

	private FederationRedisReplica(RedisStore store, GiveBackPolicy giveBack) {
		this.store = store;
		this.redis = new RedisCoordinator(store.template(), Duration.ZERO);
		this.giveBack = giveBack;
	}

	public static void main(String[] args) throws Exception {
		GiveBackPolicy giveBack = giveBack(args);
		try (RedisStore store = new RedisStore(false)) {
			new FederationRedisReplica(store, giveBack).run();
		}
	}

	/**
	 * The give-back the replica runs on each limiter: the one place to change for another.
	 * @param args the command line
	 * @return the Spring defaults' quiet give-back unless the command line says otherwise
	 */
	static GiveBackPolicy giveBack(String[] args) {
		if (args.length > 0 && args[0].equals("none")) {
			return GiveBackPolicy.none();
		}
		if (args.length > 0) {
			long idle = Long.parseLong(args[0]);
			long tick = (args.length > 1) ? Long.parseLong(args[1]) : Math.max(1, idle / 2);
			return GiveBackPolicy.idle(Duration.ofMillis(idle), Duration.ofMillis(tick));
		}
		return GiveBackPolicy.quiet(Duration.ofMillis(5), Duration.ofMillis(500));
	}

	private void run() throws InterruptedException {
		MachineLoad start = MachineLoad.now(List.of(ProcessHandle.current()));
		StringBuilder table = new StringBuilder();
		table.append("| s | admitted w1 / w2 | total | U_capacity | Δ w1 / w2 | coordTrips | give-backs (units) | net granted in Redis w1 / w2 | static U | recovery | decision p50 / p99 ms | ThrottleKit admitted / U / Δ / trips |\n");
		table.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
		List<String> notes = new ArrayList<>();
		for (int i = 0; i < SKEWS.length; i++) {
			table.append(skew(i, notes));
		}
		System.out.printf("#### Replica against Redis: K = %d, L = %d, W = %d s, B = %d, %d windows, 2 ms per lease and give-back, %s%n%n",
				REGIONS, LIMIT, WINDOW_MILLIS / 1000, BATCH, WINDOWS, this.giveBack.description());
		System.out.printf("%s; %s%n%n%s%n", MachineLoad.now(List.of(ProcessHandle.current())).since(start), this.store.describe(), table);
		notes.forEach(System.out::println);
		System.out.println();
	}

	private String skew(int index, List<String> notes) throws InterruptedException {
		double s = SKEWS[index];
		DelayingCoordinator coordinator = new DelayingCoordinator(this.redis, DELAY_NANOS);
		LimitPolicy policy = LimitPolicy.of("replica-" + index, LIMIT, Duration.ofMillis(WINDOW_MILLIS),
				Algorithm.FIXED_WINDOW);
		List<FederatedRateLimiter> limiters = new ArrayList<>();
		for (int r = 0; r < REGIONS; r++) {
			limiters.add(new FederatedRateLimiter(policy, FederationConfig.of("r" + r, "p").withBatch(BATCH), coordinator,
					null, Clock.system()));
		}
		long[] load = load(s);
		List<ReplicaWindow> windows = new ArrayList<>();
		long[] latencies = new long[WINDOWS * (int) LIMIT];
		GiveBackSchedule schedule = new GiveBackSchedule(this.giveBack, limiters);
		try {
			for (int w = 0; w < WINDOWS; w++) {
				windows.add(window(coordinator, limiters, load, policy.name(), latencies, w * (int) LIMIT));
			}
		}
		finally {
			schedule.close();
		}
		long returned = limiters.stream().mapToLong((limiter) -> limiter.stats().returnedUnits()).sum();
		long admitted = windows.stream().mapToLong(ReplicaWindow::admitted).sum();
		long trips = windows.stream().mapToLong(ReplicaWindow::trips).sum();
		double u = admitted / (double) (LIMIT * WINDOWS);
		double staticU = 1 - s * (1 - 1.0 / REGIONS);
		Arrays.sort(latencies);
		notes.add(String.format(Locale.ROOT,
				"- s = %.2f: load per window %s; loops took %.0f / %.0f ms; mean lease call %.2f ms (delay included), Redis's answer to a lease p50 %.2f ms; %d give-back calls",
				s, Arrays.toString(load), windows.get(0).loopMillis(), windows.get(1).loopMillis(),
				coordinator.meanLeaseMillis(), coordinator.medianTargetMillis(), coordinator.giveBacks()));
		return String.format(Locale.ROOT, "| %.2f | %d / %d | %d | %.3f | %d / %d | %d | %d | %d / %d | %.3f | %+.3f | %.3f / %.2f | %s |%n",
				s, windows.get(0).admitted(), windows.get(1).admitted(), admitted, u, windows.get(0).admitted() - LIMIT,
				windows.get(1).admitted() - LIMIT, trips, returned, windows.get(0).netGranted(),
				windows.get(1).netGranted(), staticU, u - staticU, latencies[latencies.length / 2] / 1e6,
				latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1e6, THROTTLEKIT[index]);
	}

	/** Runs one window: aligned to its start, the regions' requests in turn, then the checks. */
	private ReplicaWindow window(DelayingCoordinator coordinator, List<FederatedRateLimiter> limiters, long[] load,
			String limiter, long[] latencies, int offset) throws InterruptedException {
		long window = alignToWindowStart();
		long trips = coordinator.leases();
		long admitted = 0;
		int at = offset;
		long start = System.nanoTime();
		for (int r = 0; r < REGIONS; r++) {
			for (long j = 0; j < load[r]; j++) {
				long before = System.nanoTime();
				if (limiters.get(r).tryAcquire("key").allowed()) {
					admitted++;
				}
				latencies[at++] = System.nanoTime() - before;
			}
		}
		double loopMillis = (System.nanoTime() - start) / 1e6;
		long after = Math.floorDiv(this.redis.probe(), WINDOW_MILLIS);
		if (after != window) {
			throw new IllegalStateException("a replica loop crossed a window boundary: " + window + " to " + after);
		}
		trips = coordinator.leases() - trips;
		Thread.sleep(SETTLE_MILLIS);
		long net = ReplicaWindow.netGranted(this.store.template(), limiter, "key", window, LIMIT, admitted);
		return new ReplicaWindow(admitted, trips, net, loopMillis);
	}

	/** Sleeps until just after the next window starts on Redis's clock; returns its index. */
	private long alignToWindowStart() throws InterruptedException {
		long now = this.redis.probe();
		long next = Math.floorDiv(now, WINDOW_MILLIS) + 1;
		Thread.sleep(next * WINDOW_MILLIS - now + START_MARGIN_MILLIS);
		long window = Math.floorDiv(this.redis.probe(), WINDOW_MILLIS);
		if (window != next) {
			throw new IllegalStateException("woke in window " + window + " instead of " + next);
		}
		return window;
	}

	/** Requests per region in a window: the hot region first, then the cold ones (§8). */
	private static long[] load(double s) {
		double hot = 1.0 / REGIONS + s * (1 - 1.0 / REGIONS);
		long cold = Math.round(LIMIT * (1 - hot) / (REGIONS - 1));
		long[] load = new long[REGIONS];
		Arrays.fill(load, cold);
		load[0] = LIMIT - (REGIONS - 1) * cold;
		return load;
	}

}
