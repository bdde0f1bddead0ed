package dev.weir.benchmarks.federation.realtime;

/**
 * The figures of one row.
 *
 * @param row the row
 * @param meanU U_capacity over the measured windows: admissions by decision time / L
 * @param minU the least U_capacity of a measured window
 * @param idealU the mean of min(offered, L) / L over the measured windows
 * @param deltaByDecision the most admissions in one window by decision time, minus L, over every
 * window of the row
 * @param deltaByCharge the same by the window of the escrow spent
 * @param elsewhere admissions decided in another window than the one they were charged to
 * @param residualMinMillis the least of the end an admission's decision implied minus its charged
 * window's end (about minus the longest way out to the coordinator)
 * @param residualMaxMillis the greatest such difference (about 0)
 * @param p50Millis the median time from arrival to decision, measured windows
 * @param p99Millis the 99th percentile of it
 * @param lagP99Millis the 99th percentile from arrival to a request thread starting
 * @param tripsPerAdmitted lease calls per admission, measured windows
 * @param leaseMillis the mean lease call, delay included
 * @param prefetchesPerWindow leases ahead of need per measured window, all regions
 * @param strandedPerWindow units expired unspent or forfeited per measured window
 * @param peakRunning the most requests running at once in the measured windows
 */
record RowResult(Row row, double meanU, double minU, double idealU, long deltaByDecision, long deltaByCharge,
		long elsewhere, long residualMinMillis, long residualMaxMillis, double p50Millis, double p99Millis,
		double lagP99Millis, double tripsPerAdmitted, double leaseMillis, double prefetchesPerWindow,
		double strandedPerWindow, int peakRunning) {
}
