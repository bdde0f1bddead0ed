package dev.weir.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.weir.gossip.simulation.Simulation;
import dev.weir.gossip.simulation.TrafficStats;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;

/**
 * Measures, on virtual time, what docs/SHARED-STATE-BENCHMARKS.md reports of the cluster-wide
 * limiter: its overshoot against a naive gossip counter at 3, 10 and 50 nodes, on one key and
 * on many, and the gossip bytes per node against the number of hot keys. Prints markdown tables; asserts nothing but
 * that the runs completed, so it is an evaluation, not a test, and its name keeps it out of the
 * default suite (which runs {@code *Tests} and {@code *Test}). Run it with
 *
 * <pre>
 * ./mvnw -q -pl core test -Dtest=OvershootEvaluation -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Every run of a seed is the same: the figures do not depend on the machine.
 */
class OvershootEvaluation {

	/** The seeds each overshoot case runs with; their spread is reported. */
	private static final long[] SEEDS = { 1, 2, 3 };

	private static final int[] CLUSTER_SIZES = { 3, 10, 50 };

	private static final long[] LIMITS = { 1_000, 5_000 };

	private static final Duration WINDOW = Duration.ofMinutes(1);

	/** The load of an overshoot case: three times the limit, uniform over the first 40 s of a window. */
	private static final Duration LOAD_TIME = Duration.ofSeconds(40);

	private static final String NETWORK = "simulated LAN with 5% loss, 5 ms delay, 20 ms jitter, 1% duplication";

	private static final int BYTES_NODES = 10;

	private static final int[] HOT_KEYS = { 0, 1, 10, 100, 1_000, 10_000 };

	/** Requests per second to each node in the bytes runs, spread evenly over the hot keys. */
	private static final int RATE_PER_NODE = 1_000;

	private static final Duration WARM_UP = Duration.ofSeconds(10);

	/** Long enough for each node to do about one push-pull exchange (every 30 s on a LAN). */
	private static final Duration MEASURED = Duration.ofSeconds(60);

	@Test
	void overshootAgainstANaiveGossipCounter() {
		StringBuilder table = new StringBuilder();
		table.append("| nodes | limit | limiter | admitted / limit, mean (min–max) | overshoot, % of the limit, mean (max) |\n");
		table.append("|---:|---:|---|---:|---:|\n");
		for (long limit : LIMITS) {
			for (int nodes : CLUSTER_SIZES) {
				for (boolean naive : new boolean[] { true, false }) {
					List<Long> admitted = new ArrayList<>();
					for (long seed : SEEDS) {
						admitted.add(overshootRun(seed, nodes, limit, naive, 1)[0]);
					}
					double mean = admitted.stream().mapToLong(Long::longValue).average().orElse(0);
					long min = admitted.stream().mapToLong(Long::longValue).min().orElse(0);
					long max = admitted.stream().mapToLong(Long::longValue).max().orElse(0);
					table.append(String.format(Locale.ROOT, "| %d | %,d | %s | %.4f (%.4f–%.4f) | %.2f %% (%.2f %%) |%n", nodes,
							limit, limiterName(naive), mean / limit, (double) min / limit, (double) max / limit,
							100 * (mean - limit) / limit, 100.0 * (max - limit) / limit));
				}
			}
		}
		System.out.println("\n[evaluation] overshoot: " + SEEDS.length + " seeds per row, load 3x the limit, uniform "
				+ "Poisson over " + LOAD_TIME.toSeconds() + " s of a " + WINDOW.toSeconds() + " s window, " + NETWORK
				+ "\n\n" + table);
	}

	/**
	 * The same as {@link #overshootAgainstANaiveGossipCounter()} with the load spread evenly over
	 * many keys, each with its own limit: enough deltas to saturate the gossip (see
	 * {@link #gossipBytesPerNodeAgainstHotKeys()}).
	 */
	@Test
	void overshootWithManyHotKeys() {
		StringBuilder table = new StringBuilder();
		table.append("| nodes | hot keys | limit per key | limiter | Σ admitted / Σ limits, mean (max) "
				+ "| worst key: admitted / limit, max |\n");
		table.append("|---:|---:|---:|---|---:|---:|\n");
		long limit = 100;
		for (int[] nodesAndKeys : new int[][] { { 10, 100 }, { 10, 1_000 }, { 50, 100 } }) {
			int nodes = nodesAndKeys[0];
			int keys = nodesAndKeys[1];
			for (boolean naive : new boolean[] { true, false }) {
				double sum = 0;
				double most = 0;
				double worst = 0;
				for (long seed : SEEDS) {
					long[] admitted = overshootRun(seed, nodes, limit, naive, keys);
					double share = (double) Arrays.stream(admitted).sum() / (limit * keys);
					sum += share;
					most = Math.max(most, share);
					worst = Math.max(worst, (double) Arrays.stream(admitted).max().orElse(0) / limit);
				}
				table.append(String.format(Locale.ROOT, "| %d | %,d | %d | %s | %.4f (%.4f) | %.2f |%n", nodes, keys, limit,
						limiterName(naive), sum / SEEDS.length, most, worst));
			}
		}
		System.out.println("\n[evaluation] overshoot over many keys: " + SEEDS.length + " seeds per row, load 3x the "
				+ "limit of each key, uniform Poisson over " + LOAD_TIME.toSeconds() + " s of a " + WINDOW.toSeconds()
				+ " s window, " + NETWORK + "\n\n" + table);
	}

	private static String limiterName(boolean naive) {
		return naive ? "naive gossip counter" : "Weir ClusterRateLimiter";
	}

	/**
	 * Offers three times the limit of each of {@code keys} keys to a cluster of {@code nodes}
	 * and returns how many requests it admitted for each key in the window: with Weir's
	 * limiter, or with a counter that admits while its merged count is below the limit.
	 */
	private static long[] overshootRun(long seed, int nodes, long limit, boolean naive, int keys) {
		Simulation simulation = new Simulation(seed);
		StatefulNodes cluster = ClusterCountSimulationTests.cluster(simulation, ClusterCountSimulationTests.LOSSY,
				LimitPolicy.of("api", limit, WINDOW, Algorithm.FIXED_WINDOW), nodes);
		long window = cluster.windowIndex();
		Map<String, SharedCounter> counters = new HashMap<>();
		long[] admitted = new long[keys];
		ClusterCountSimulationTests.Load load = new ClusterCountSimulationTests.Load(cluster, simulation.random("load"),
				(i) -> i, (node, request) -> {
					int k = (int) (request % keys);
					boolean admit;
					if (naive) {
						SharedCounter counter = counters.computeIfAbsent(node.name(),
								(name) -> node.store().counter("naive", WINDOW));
						admit = counter.current(key(k)) < limit;
						if (admit) {
							counter.add(key(k), 1);
						}
					}
					else {
						admit = node.limiter().tryAcquire(key(k)).allowed();
					}
					admitted[k] += admit ? 1 : 0;
					return admit;
				});
		load.offer(3 * limit * keys, LOAD_TIME);
		if (cluster.windowIndex() != window) {
			throw new IllegalStateException("the load ran past its window");
		}
		return admitted;
	}

	@Test
	void gossipBytesPerNodeAgainstHotKeys() {
		StringBuilder table = new StringBuilder();
		table.append("| hot keys | state deltas sent, B/s per node | UDP sent, B/s per node | ÷ no load "
				+ "| push-pull streams, B/s per node | ÷ no load | count known everywhere at the end of the load "
				+ "| 1 s later |\n");
		table.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		double[] baseline = null;
		for (int keys : HOT_KEYS) {
			BytesRun run = bytesRun(keys);
			if (baseline == null) {
				baseline = new double[] { run.udp, run.streams };
			}
			table.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %,.0f | %.2f | %s | %s |%n",
					(keys == 0) ? "0 (no load)" : String.format(Locale.ROOT, "%,d", keys), run.deltas, run.udp,
					run.udp / baseline[0], run.streams, run.streams / baseline[1], percent(run.knownAtEnd),
					percent(run.knownLater)));
		}
		System.out.println("\n[evaluation] gossip bytes: " + BYTES_NODES + " nodes, " + RATE_PER_NODE + " requests/s to "
				+ "each node spread evenly over the hot keys, measured over " + MEASURED.toSeconds() + " s after "
				+ WARM_UP.toSeconds() + " s of warm-up, " + NETWORK + ", seed " + SEEDS[0] + "\n\n" + table);
	}

	private static String percent(double share) {
		return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * share);
	}

	/**
	 * Loads {@value #BYTES_NODES} nodes with {@value #RATE_PER_NODE} requests per second each,
	 * over {@code keys} keys, under a limit no key reaches, and measures what they send.
	 */
	private static BytesRun bytesRun(int keys) {
		Simulation simulation = new Simulation(SEEDS[0]);
		Duration window = Duration.ofMinutes(5);
		StatefulNodes cluster = ClusterCountSimulationTests.cluster(simulation, ClusterCountSimulationTests.LOSSY,
				LimitPolicy.of("api", LimitPolicy.MAX_LIMIT, window, Algorithm.FIXED_WINDOW), BYTES_NODES);
		long index = cluster.windowIndex();
		Duration loaded = WARM_UP.plus(MEASURED);
		long requests = (keys == 0) ? 0 : (long) RATE_PER_NODE * BYTES_NODES * loaded.toSeconds();
		ClusterCountSimulationTests.Load load = new ClusterCountSimulationTests.Load(cluster, simulation.random("load"),
				(i) -> i, (node, request) -> node.limiter().tryAcquire(key(request % Math.max(1, keys))).allowed());
		long[] before = new long[3];
		simulation.schedule(WARM_UP, () -> {
			before[0] = deltaBytes(cluster);
			TrafficStats totals = cluster.network.totals();
			before[1] = totals.bytesSent();
			before[2] = totals.streamBytesSent();
		});
		if (requests > 0) {
			load.offer(requests, loaded);
		}
		else {
			simulation.runFor(loaded);
		}
		TrafficStats totals = cluster.network.totals();
		double perNodeSecond = (double) BYTES_NODES * MEASURED.toSeconds();
		BytesRun run = new BytesRun((deltaBytes(cluster) - before[0]) / perNodeSecond,
				(totals.bytesSent() - before[1]) / perNodeSecond, (totals.streamBytesSent() - before[2]) / perNodeSecond,
				knownEverywhere(cluster, keys, index, load.admitted), 0);
		simulation.runFor(Duration.ofSeconds(1));
		if (cluster.windowIndex() != index) {
			throw new IllegalStateException("the load ran past its window");
		}
		return new BytesRun(run.deltas, run.udp, run.streams, run.knownAtEnd,
				knownEverywhere(cluster, keys, index, load.admitted));
	}

	private static String key(long index) {
		return "client-" + index;
	}

	private static long deltaBytes(StatefulNodes cluster) {
		return cluster.nodes.values().stream().mapToLong((node) -> node.sync().bytesSent()).sum();
	}

	/**
	 * The least share of the admitted requests that a node knows of, over the hot keys.
	 */
	private static double knownEverywhere(StatefulNodes cluster, int keys, long window, long admitted) {
		if (admitted == 0) {
			return Double.NaN;
		}
		long least = Long.MAX_VALUE;
		for (StatefulNodes.Node node : cluster.nodes.values()) {
			long known = 0;
			for (int k = 0; k < keys; k++) {
				known += cluster.count(node, key(k), window);
			}
			least = Math.min(least, known);
		}
		return (double) least / admitted;
	}

	private record BytesRun(double deltas, double udp, double streams, double knownAtEnd, double knownLater) {
	}

}
