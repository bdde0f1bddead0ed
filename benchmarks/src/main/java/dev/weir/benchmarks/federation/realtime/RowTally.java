package dev.weir.benchmarks.federation.realtime;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns what became of a row's requests into its figures. Windows are numbered from the row's
 * first, on the system clock the coordinator reads.
 */
final class RowTally {

	private final Settings settings;

	private final Arrivals arrivals;

	private final Outcomes outcomes;

	private final long firstWindow;

	private final long startNanos;

	/**
	 * @param firstWindow the wall-clock index of the row's first window
	 * @param startNanos the monotonic time at which it started
	 */
	RowTally(Settings settings, Arrivals arrivals, Outcomes outcomes, long firstWindow, long startNanos) {
		this.settings = settings;
		this.arrivals = arrivals;
		this.outcomes = outcomes;
		this.firstWindow = firstWindow;
		this.startNanos = startNanos;
	}

	RowResult result(Row row, JitteredCoordinator coordinator, Counts from, Counts to) {
		long limit = this.settings.limit();
		long windowMillis = this.settings.windowMillis();
		int warmUp = this.settings.warmUp();
		int measured = this.settings.measured();
		Map<Long, Long> byDecision = new HashMap<>();
		Map<Long, Long> byCharge = new HashMap<>();
		long elsewhere = 0;
		long residualMin = Long.MAX_VALUE;
		long residualMax = Long.MIN_VALUE;
		for (int i = 0; i < this.arrivals.size(); i++) {
			if (!this.outcomes.admitted(i)) {
				continue;
			}
			long decided = Math.floorDiv(this.outcomes.decidedWallMillis[i], windowMillis) - this.firstWindow;
			long charged = this.outcomes.chargedWindow[i] - this.firstWindow;
			byDecision.merge(decided, 1L, Long::sum);
			byCharge.merge(charged, 1L, Long::sum);
			elsewhere += (decided != charged) ? 1 : 0;
			residualMin = Math.min(residualMin, this.outcomes.endResidualMillis[i]);
			residualMax = Math.max(residualMax, this.outcomes.endResidualMillis[i]);
		}
		long[] offered = this.arrivals.perWindow(this.settings);
		double sumU = 0;
		double minU = Double.MAX_VALUE;
		double sumIdeal = 0;
		long admitted = 0;
		long trips = 0;
		for (int window = warmUp; window < warmUp + measured; window++) {
			long admissions = byDecision.getOrDefault((long) window, 0L);
			sumU += (double) admissions / limit;
			minU = Math.min(minU, (double) admissions / limit);
			sumIdeal += (double) Math.min(offered[window], limit) / limit;
			admitted += admissions;
			trips += coordinator.leases(window);
		}
		long[] latencies = latencies(false);
		return new RowResult(row, sumU / measured, minU, sumIdeal / measured, maxOf(byDecision) - limit,
				maxOf(byCharge) - limit, elsewhere, residualMin, residualMax, rankMillis(latencies, 0.50),
				rankMillis(latencies, 0.99), rankMillis(latencies(true), 0.99), (double) trips / Math.max(1, admitted),
				coordinator.meanLeaseMillis(), (double) (to.prefetches() - from.prefetches()) / measured,
				(double) (to.stranded() - from.stranded()) / measured, to.peakRunning());
	}

	/** Sorted times from arrival to decision, or to a thread starting, of the measured windows. */
	private long[] latencies(boolean toStart) {
		long from = this.settings.warmUp() * this.settings.windowNanos();
		long[] offsets = this.arrivals.offsetNanos();
		int first = Arrays.binarySearch(offsets, from);
		first = (first < 0) ? -first - 1 : first;
		while (first > 0 && offsets[first - 1] >= from) {
			first--;
		}
		long[] latencies = new long[offsets.length - first];
		for (int i = first; i < offsets.length; i++) {
			long end = toStart ? this.outcomes.startedNanos[i] : this.outcomes.decidedNanos[i];
			latencies[i - first] = end - (this.startNanos + offsets[i]);
		}
		Arrays.sort(latencies);
		return latencies;
	}

	private static long maxOf(Map<Long, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
	}

	/** The nearest-rank percentile, in milliseconds. */
	private static double rankMillis(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

}
