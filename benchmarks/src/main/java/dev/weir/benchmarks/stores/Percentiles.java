package dev.weir.benchmarks.stores;

import java.util.Arrays;
import java.util.List;

import dev.weir.benchmarks.stores.ClosedLoop.Run;

/**
 * Latency percentiles of all the calls of some runs, pooled.
 *
 * @param p50 the median, in nanoseconds
 * @param p99 the 99th percentile, in nanoseconds
 * @param p999 the 99.9th percentile, in nanoseconds
 * @param timed how many calls were timed
 */
record Percentiles(long p50, long p99, long p999, int timed) {

	static Percentiles of(List<Run> runs) {
		int n = runs.stream().mapToInt((run) -> run.latencies().length).sum();
		long[] all = new long[n];
		int at = 0;
		for (Run run : runs) {
			System.arraycopy(run.latencies(), 0, all, at, run.latencies().length);
			at += run.latencies().length;
		}
		Arrays.sort(all);
		return new Percentiles(rank(all, 0.50), rank(all, 0.99), rank(all, 0.999), n);
	}

	/** The nearest-rank percentile. */
	private static long rank(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
