package dev.weir.benchmarks.federation.realtime;

/**
 * What every row of the sweep shares.
 *
 * @param regions K, one limiter (process) per region
 * @param limit L, the global budget per window
 * @param windowMillis W
 * @param warmUp windows run before the measured ones
 * @param measured windows measured
 * @param skew s: the hot region offers 1/K + s(1 − 1/K) of the load, the others the rest evenly
 * @param seed the seed of the arrivals
 */
record Settings(int regions, long limit, long windowMillis, int warmUp, int measured, double skew, long seed) {

	/** Every window of a row, warm-up included. */
	int windows() {
		return this.warmUp + this.measured;
	}

	long windowNanos() {
		return this.windowMillis * 1_000_000L;
	}

	/** The share of the load a region offers; region 0 is the hot one. */
	double share(int region) {
		double hot = 1.0 / this.regions + this.skew * (1 - 1.0 / this.regions);
		return (region == 0) ? hot : (1 - hot) / (this.regions - 1);
	}

}
