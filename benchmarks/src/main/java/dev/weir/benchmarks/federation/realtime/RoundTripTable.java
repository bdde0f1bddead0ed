package dev.weir.benchmarks.federation.realtime;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints the sweep's rows as a Markdown table.
 */
final class RoundTripTable {

	private RoundTripTable() {
	}

	static void print(PrintStream out, List<RowResult> results) {
		out.println("| d (ms) | load | prefetch | B | U_capacity mean | U min | ideal U | Δ max decision / charged"
				+ " | decided ≠ charged window | implied − charged end (ms) | p50 / p99 decision (ms) | p99 dispatch lag (ms)"
				+ " | trips / admitted | lease call (ms) | prefetches / window | stranded / window | peak running |");
		out.println("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (RowResult result : results) {
			Row row = result.row();
			out.println(String.format(Locale.ROOT,
					"| %d | %.1f× | %s | %d%s | %.4f | %.3f | %.4f | %d / %d | %d | %d to %d | %.2f / %.2f | %.2f"
							+ " | %.3f | %.1f | %.1f | %.1f | %d |",
					row.roundTripMillis(), row.mult(), row.prefetch() ? "on" : "off", row.batch(),
					row.tuned() ? " (sized to d)" : "", result.meanU(), result.minU(), result.idealU(),
					result.deltaByDecision(), result.deltaByCharge(), result.elsewhere(), result.residualMinMillis(),
					result.residualMaxMillis(), result.p50Millis(), result.p99Millis(), result.lagP99Millis(),
					result.tripsPerAdmitted(), result.leaseMillis(), result.prefetchesPerWindow(),
					result.strandedPerWindow(), result.peakRunning()));
		}
	}

}
