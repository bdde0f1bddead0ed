package dev.weir.benchmarks.stores;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.weir.benchmarks.stores.ClosedLoop.Run;
import dev.weir.benchmarks.stores.CoordinatorCalls.NamedCall;

/**
 * Prints the Markdown table of one store: per key set, number of callers and call, the calls
 * per second and latency percentiles, each beside its ratio to the baseline call (the first) of
 * the same cell. Throughput ratios are the median over rounds of the ratio within a round (the
 * calls of a round run back to back); latency ratios divide percentiles of all rounds pooled.
 */
final class StoreTable {

	private final StringBuilder rows = new StringBuilder();

	StoreTable() {
		this.rows.append("| keys | callers | call | calls/s | × base | p50 µs | × base | p99 µs | × base | p99.9 µs | × base | timed calls |\n");
		this.rows.append("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	}

	/**
	 * Adds the rows of one cell.
	 * @param keys how many keys the callers spread over
	 * @param callers how many concurrent callers
	 * @param calls the calls, the baseline first
	 * @param runs for each call, its runs, one per round
	 */
	void add(int keys, int callers, List<NamedCall> calls, List<List<Run>> runs) {
		List<Run> base = runs.get(0);
		Percentiles baseLatency = Percentiles.of(base);
		for (int i = 0; i < calls.size(); i++) {
			List<Run> own = runs.get(i);
			double[] rates = own.stream().mapToDouble(Run::perSecond).toArray();
			double[] ratios = new double[own.size()];
			for (int r = 0; r < ratios.length; r++) {
				ratios[r] = own.get(r).perSecond() / base.get(r).perSecond();
			}
			Percentiles latency = Percentiles.of(own);
			int timed = Math.min(latency.timed(), baseLatency.timed());
			this.rows.append(String.format(Locale.ROOT, "| %d | %d | %s | %,.0f | %.2f | %s | %s | %s | %s |%n", keys, callers,
					calls.get(i).name(), median(rates), median(ratios), cell(latency.p50(), baseLatency.p50(), timed / 2),
					cell(latency.p99(), baseLatency.p99(), timed / 100), cell(latency.p999(), baseLatency.p999(), timed / 1_000),
					String.format(Locale.ROOT, "%,d", latency.timed())));
		}
	}

	@Override
	public String toString() {
		return this.rows.toString();
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * A percentile in microseconds and its ratio to the baseline's, or "n/a" where fewer than 5
	 * calls lie beyond it (in the call's or the baseline's runs).
	 */
	private static String cell(long nanos, long baseNanos, int beyond) {
		if (beyond < 5) {
			return "n/a | n/a";
		}
		return String.format(Locale.ROOT, "%.0f | %.2f", nanos / 1_000.0, nanos / (double) baseNanos);
	}

}
