package dev.weir.benchmarks.federation.realtime;

/**
 * Running totals of a row at one instant, to count what happened between two instants.
 *
 * @param prefetches leases started ahead of need, all regions
 * @param stranded units expired unspent or forfeited, all regions
 * @param peakRunning the most requests running at once since the previous reading
 */
record Counts(long prefetches, long stranded, int peakRunning) {

	static Counts of(Regions regions, RequestPool pool) {
		return new Counts(regions.prefetches(), regions.stranded(), pool.takePeak());
	}

}
