package dev.weir.benchmarks;

import java.util.concurrent.locks.LockSupport;

/**
 * Pauses the calling thread for a time, parking again after an early wake-up: the delays that
 * stand in for network round trips in the federation benchmarks.
 */
public final class Pause {

	private Pause() {
	}

	/**
	 * Parks until at least {@code nanos} have passed.
	 * @param nanos how long, zero or less for no pause
	 */
	public static void nanos(long nanos) {
		long end = System.nanoTime() + nanos;
		for (long left = nanos; left > 0; left = end - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

}
