package dev.weir.benchmarks.federation.realtime;

import java.util.ArrayList;
import java.util.List;

import dev.weir.federation.FederationConfig;

/**
 * One row of the sweep.
 *
 * @param roundTripMillis d, the mean coordinator round trip
 * @param mult offered load as a multiple of the limit
 * @param prefetch whether the limiters lease ahead on a prefetch pool
 * @param batch B
 */
record Row(long roundTripMillis, double mult, boolean prefetch, long batch) {

	/**
	 * The sweep: d × load × prefetch with the default batch, and per long round trip, at 3×, the
	 * batch sized to the round trip without prefetch (the hand-tuned baseline).
	 */
	static List<Row> sweep() {
		List<Row> rows = new ArrayList<>();
		for (long d : new long[] { 2, 50, 150 }) {
			for (double mult : new double[] { 1.0, 3.0 }) {
				rows.add(new Row(d, mult, true, FederationConfig.DEFAULT_BATCH));
				rows.add(new Row(d, mult, false, FederationConfig.DEFAULT_BATCH));
			}
			if (d >= 50) {
				// 64 at 50 ms and 192 at 150 ms, as in the virtual-time evaluation.
				rows.add(new Row(d, 3.0, false, 64 * d / 50));
			}
		}
		return rows;
	}

	long roundTripNanos() {
		return this.roundTripMillis * 1_000_000L;
	}

	/** Whether this row is the hand-tuned baseline (a batch above the default). */
	boolean tuned() {
		return this.batch != FederationConfig.DEFAULT_BATCH;
	}

}
