package dev.weir.benchmarks.federation;

import java.util.Arrays;

/**
 * What one run observed, per window of the reference clock (index 0 = the first warm-up
 * window): offered and admitted requests, units granted and credited back at the coordinator,
 * coordinator trips, the first admission, and every decision's latency.
 */
final class Tally {

	final int windows;

	final long windowNanos;

	final long firstIndex;

	final long[][] offered;

	/** Admissions by the window of the reference clock at the instant of admission. */
	final long[] admittedReal;

	/** Admissions by the coordinator window of the escrow unit they spent. */
	final long[] admittedCharged;

	final long[] granted;

	final long[] credited;

	final long[] trips;

	/** Nanoseconds from the window's start to its first admission, or -1. */
	final long[] firstAdmit;

	/** Leases the model made wait behind a later call to the coordinator (see {@link SimCoordinator}). */
	long heldBack;

	long heldBackMaxNanos;

	long leases;

	private long[] latencies = new long[1024];

	private int decided;

	Tally(int windows, long windowNanos, long firstIndex, int regions) {
		this.windows = windows;
		this.windowNanos = windowNanos;
		this.firstIndex = firstIndex;
		this.offered = new long[windows][regions];
		this.admittedReal = new long[windows];
		this.admittedCharged = new long[windows];
		this.granted = new long[windows];
		this.credited = new long[windows];
		this.trips = new long[windows];
		this.firstAdmit = new long[windows];
		Arrays.fill(this.firstAdmit, -1);
	}

	/** The window of a virtual time, or -1 past the last one. */
	int window(long nanos) {
		long w = nanos / this.windowNanos;
		return (w < this.windows) ? (int) w : -1;
	}

	/** The window of a coordinator window index, or -1 outside the run. */
	int relative(long windowIndex) {
		long w = windowIndex - this.firstIndex;
		return (w >= 0 && w < this.windows) ? (int) w : -1;
	}

	boolean measured(int w) {
		return w >= Scenario.WARMUP;
	}

	void offered(long arrivalNanos, int region) {
		this.offered[window(arrivalNanos)][region]++;
	}

	void decided(long arrivalNanos, long endNanos) {
		if (!measured(window(arrivalNanos))) {
			return;
		}
		if (this.decided == this.latencies.length) {
			this.latencies = Arrays.copyOf(this.latencies, 2 * this.decided);
		}
		this.latencies[this.decided++] = endNanos - arrivalNanos;
	}

	void admitted(long atNanos, long chargedIndex) {
		int w = window(atNanos);
		if (w >= 0) {
			this.admittedReal[w]++;
			if (this.firstAdmit[w] < 0) {
				this.firstAdmit[w] = atNanos - w * this.windowNanos;
			}
		}
		int c = relative(chargedIndex);
		if (c >= 0) {
			this.admittedCharged[c]++;
		}
	}

	void granted(long windowIndex, long units) {
		int w = relative(windowIndex);
		if (w >= 0) {
			this.granted[w] += units;
		}
	}

	void credited(long windowIndex, long units) {
		int w = relative(windowIndex);
		if (w >= 0) {
			this.credited[w] += units;
		}
	}

	void trip(long coordinatorNanos) {
		int w = window(Math.max(0, coordinatorNanos));
		if (w >= 0) {
			this.trips[w]++;
		}
	}

	void heldBack(long nanos) {
		this.leases++;
		if (nanos > 0) {
			this.heldBack++;
			this.heldBackMaxNanos = Math.max(this.heldBackMaxNanos, nanos);
		}
	}

	/** Latency at a quantile of the measured decisions, in nanoseconds. */
	long latency(double quantile) {
		long[] sorted = Arrays.copyOf(this.latencies, this.decided);
		Arrays.sort(sorted);
		return (sorted.length == 0) ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))];
	}

}
