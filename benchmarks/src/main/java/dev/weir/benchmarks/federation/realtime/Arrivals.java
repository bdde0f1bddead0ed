package dev.weir.benchmarks.federation.realtime;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Open-loop Poisson arrivals of one row, generated ahead of time: per region a Poisson process
 * at mult·L/W·f_r over every window, merged in time order.
 *
 * @param offsetNanos when each request arrives, from the row's start, ascending
 * @param regions the region each request arrives at
 */
record Arrivals(long[] offsetNanos, int[] regions) {

	/**
	 * Generates the arrivals of a load; the same seed and load give the same arrivals.
	 * @param settings the shared settings, seed included
	 * @param mult offered load as a multiple of the limit
	 * @return the arrivals
	 */
	static Arrivals generate(Settings settings, double mult) {
		SplittableRandom random = new SplittableRandom(settings.seed() ^ Double.doubleToLongBits(mult));
		long end = settings.windows() * settings.windowNanos();
		long[] packed = new long[16];
		int count = 0;
		for (int region = 0; region < settings.regions(); region++) {
			double perNano = mult * settings.limit() * settings.share(region) / settings.windowNanos();
			double at = 0;
			while (true) {
				at += -Math.log(1 - random.nextDouble()) / perNano;
				if (at >= end) {
					break;
				}
				if (count == packed.length) {
					packed = Arrays.copyOf(packed, 2 * count);
				}
				// Time in the high bits, region in the low byte: one sort orders both.
				packed[count++] = ((long) at << 8) | region;
			}
		}
		Arrays.sort(packed, 0, count);
		long[] offsets = new long[count];
		int[] regions = new int[count];
		for (int i = 0; i < count; i++) {
			offsets[i] = packed[i] >>> 8;
			regions[i] = (int) (packed[i] & 0xFF);
		}
		return new Arrivals(offsets, regions);
	}

	int size() {
		return this.offsetNanos.length;
	}

	/** How many arrive in each window. */
	long[] perWindow(Settings settings) {
		long[] offered = new long[settings.windows()];
		for (long offset : this.offsetNanos) {
			offered[(int) (offset / settings.windowNanos())]++;
		}
		return offered;
	}

}
