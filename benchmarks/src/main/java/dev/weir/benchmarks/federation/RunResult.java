package dev.weir.benchmarks.federation;

/**
 * The figures of one run over its measured windows (Δ over every window, warm-up included).
 *
 * @param scenario what ran
 * @param uMean mean U_capacity: admissions per window of the reference clock over L
 * @param uMin the lowest window's U_capacity
 * @param uHalfWidth half-width of the 95 % confidence interval of the mean (Student t, 29 df)
 * @param staticU a fixed L/K share per region, on the same arrivals
 * @param idealU min(offered, L) per window over L, on the same arrivals
 * @param deltaCharged max over windows of admissions charged to a coordinator window minus L,
 * at least 0
 * @param deltaReal max over windows of admissions inside a window of the reference clock minus
 * L, at least 0
 * @param stranded units per window granted and neither spent nor credited back: expired,
 * forfeited, lost with a give-back, or left in a regional escrow
 * @param tripsPerAdmitted coordinator lease calls per admission (zero grants and failed calls
 * included)
 * @param tripsPerOffered lease calls per request offered
 * @param p50Millis median decision latency, arrival to decision
 * @param p99Millis 99th percentile of it
 * @param firstAdmitMillis mean time from a window's start to its first admission
 * @param leases lease calls in the whole run
 * @param heldBack of which the model made wait behind a later call
 * @param heldBackMaxMillis the longest such wait
 */
record RunResult(Scenario scenario, double uMean, double uMin, double uHalfWidth, double staticU, double idealU,
		long deltaCharged, long deltaReal, double stranded, double tripsPerAdmitted, double tripsPerOffered,
		double p50Millis, double p99Millis, double firstAdmitMillis, long leases, long heldBack, double heldBackMaxMillis) {

	/** t(0.975) for 29 degrees of freedom: {@link Scenario#MEASURED} = 30 windows. */
	private static final double T_975 = 2.045;

	static RunResult of(Scenario scenario, Tally tally) {
		double limit = Scenario.LIMIT;
		int measured = Scenario.MEASURED;
		double sum = 0;
		double squares = 0;
		double min = Double.MAX_VALUE;
		double partition = 0;
		double ideal = 0;
		double stranded = 0;
		long admitted = 0;
		long offered = 0;
		long trips = 0;
		double first = 0;
		int firsts = 0;
		for (int w = Scenario.WARMUP; w < tally.windows; w++) {
			double u = tally.admittedReal[w] / limit;
			sum += u;
			squares += u * u;
			min = Math.min(min, u);
			long total = 0;
			for (int r = 0; r < scenario.regions(); r++) {
				total += tally.offered[w][r];
				partition += Math.min(tally.offered[w][r], Scenario.LIMIT / scenario.regions()) / limit;
			}
			ideal += Math.min(total, Scenario.LIMIT) / limit;
			stranded += tally.granted[w] - tally.credited[w] - tally.admittedCharged[w];
			admitted += tally.admittedReal[w];
			offered += total;
			trips += tally.trips[w];
			if (tally.firstAdmit[w] >= 0) {
				first += tally.firstAdmit[w] / 1e6;
				firsts++;
			}
		}
		long deltaCharged = 0;
		long deltaReal = 0;
		for (int w = 0; w < tally.windows; w++) {
			deltaCharged = Math.max(deltaCharged, tally.admittedCharged[w] - Scenario.LIMIT);
			deltaReal = Math.max(deltaReal, tally.admittedReal[w] - Scenario.LIMIT);
		}
		double mean = sum / measured;
		double variance = Math.max(0, (squares - measured * mean * mean) / (measured - 1));
		return new RunResult(scenario, mean, min, T_975 * Math.sqrt(variance / measured), partition / measured,
				ideal / measured, deltaCharged, deltaReal, stranded / measured, trips / (double) Math.max(1, admitted),
				trips / (double) Math.max(1, offered), tally.latency(0.5) / 1e6, tally.latency(0.99) / 1e6,
				(firsts == 0) ? Double.NaN : first / firsts, tally.leases, tally.heldBack, tally.heldBackMaxNanos / 1e6);
	}

	/** How far below the ideal the mean falls, as a share of the ideal. */
	double shortfall() {
		return (this.idealU - this.uMean) / this.idealU;
	}

}
