package dev.weir.benchmarks.federation;

/**
 * One run of the open-loop simulation: regions, instances, batch, window, delay, load and
 * fault. The limit (1,000 per window), skew (0.5), jitter (± 50 %) and number of windows are
 * the same for every run.
 *
 * @param regions K
 * @param instances M, instances per region
 * @param regional whether a region's instances share a regional escrow (L2)
 * @param batch B
 * @param windowMillis W
 * @param delayMillis mean coordinator round trip
 * @param mult offered load as a multiple of the limit
 * @param fault what goes wrong, if anything
 * @param offsetMillis wall-clock offset of the instances, alternately + and −, for
 * {@link Fault#OFFSETS}
 * @param probeMillis {@code weir.federation.probe-interval}
 */
record Scenario(int regions, int instances, boolean regional, long batch, long windowMillis, long delayMillis,
		double mult, Fault fault, long offsetMillis, long probeMillis) {

	static final long LIMIT = 1_000;

	static final double SKEW = 0.5;

	static final double JITTER = 0.5;

	static final int WARMUP = 2;

	static final int MEASURED = 30;

	/** The base case of every sweep: K = 3, M = 1, no L2, B = 8, W = 1 s, 2 ms, default probes. */
	static Scenario base(double mult) {
		return new Scenario(3, 1, false, 8, 1_000, 2, mult, Fault.NONE, 0, 5_000);
	}

	Scenario withRegions(int k) {
		return new Scenario(k, this.instances, this.regional, this.batch, this.windowMillis, this.delayMillis,
				this.mult, this.fault, this.offsetMillis, this.probeMillis);
	}

	Scenario withInstances(int m, boolean l2) {
		return new Scenario(this.regions, m, l2, this.batch, this.windowMillis, this.delayMillis, this.mult,
				this.fault, this.offsetMillis, this.probeMillis);
	}

	Scenario withBatch(long b) {
		return new Scenario(this.regions, this.instances, this.regional, b, this.windowMillis, this.delayMillis,
				this.mult, this.fault, this.offsetMillis, this.probeMillis);
	}

	Scenario withWindow(long millis) {
		return new Scenario(this.regions, this.instances, this.regional, this.batch, millis, this.delayMillis,
				this.mult, this.fault, this.offsetMillis, this.probeMillis);
	}

	Scenario withDelay(long millis) {
		return new Scenario(this.regions, this.instances, this.regional, this.batch, this.windowMillis, millis,
				this.mult, this.fault, this.offsetMillis, this.probeMillis);
	}

	Scenario withFault(Fault f, long offset, long probe) {
		return new Scenario(this.regions, this.instances, this.regional, this.batch, this.windowMillis,
				this.delayMillis, this.mult, f, offset, probe);
	}

	int windows() {
		return WARMUP + MEASURED;
	}

	long windowNanos() {
		return this.windowMillis * 1_000_000L;
	}

	/** Share of the offered load of region r: the hot region 0, then the cold ones. */
	double share(int r) {
		double hot = 1.0 / this.regions + SKEW * (1 - 1.0 / this.regions);
		return (r == 0) ? hot : (1 - hot) / (this.regions - 1);
	}

}
