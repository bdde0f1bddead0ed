package dev.weir.federation;

import java.time.Duration;
import java.util.Objects;

/**
 * How one process takes part in federation.
 *
 * @param region this process's region, such as {@code eu-west}; not blank, at most 64 characters
 * without {@code /}
 * @param instance this process's id within the region, such as a random suffix; together with
 * the region it names the holder of grants at the coordinator
 * @param batch units leased from the coordinator at once when the process's escrow runs short,
 * 1 or more; larger batches mean fewer coordinator calls and more units stranded in idle
 * processes (at most (P − 1)(batch − 1) with P leasing processes)
 * @param regionalBatch units leased at once into the regional escrow when one is used, at least
 * {@code batch}
 * @param outageMode what to do without units while the coordinator is unreachable
 * @param fallbackAllowance permits per key, process and window admitted without a grant in
 * {@link OutageMode#REGIONAL_ONLY} while the coordinator is unreachable, 0 or more
 * @param probeInterval how often an unreachable coordinator is tried again, from 10ms
 * @param guardFraction share of the window taken off every deadline for clock-rate error and
 * scheduling slop, from 0 to 0.25
 * @param minGuard the least guard, zero or more
 */
public record FederationConfig(String region, String instance, long batch, long regionalBatch, OutageMode outageMode,
		long fallbackAllowance, Duration probeInterval, double guardFraction, Duration minGuard) {

	/**
	 * The default batch.
	 */
	public static final long DEFAULT_BATCH = 8;

	public FederationConfig {
		Objects.requireNonNull(region, "region");
		Objects.requireNonNull(instance, "instance");
		Objects.requireNonNull(outageMode, "outageMode");
		Objects.requireNonNull(probeInterval, "probeInterval");
		Objects.requireNonNull(minGuard, "minGuard");
		checkName("region", region);
		checkName("instance", instance);
		if (batch < 1) {
			throw new IllegalArgumentException("batch must be positive: " + batch);
		}
		if (regionalBatch < batch) {
			throw new IllegalArgumentException(
					"regionalBatch must be at least batch " + batch + ": " + regionalBatch);
		}
		if (fallbackAllowance < 0) {
			throw new IllegalArgumentException("fallbackAllowance must not be negative: " + fallbackAllowance);
		}
		if (probeInterval.compareTo(Duration.ofMillis(10)) < 0) {
			throw new IllegalArgumentException("probeInterval must be at least 10ms: " + probeInterval);
		}
		if (!(guardFraction >= 0 && guardFraction <= 0.25)) {
			throw new IllegalArgumentException("guardFraction must be between 0 and 0.25: " + guardFraction);
		}
		if (minGuard.isNegative()) {
			throw new IllegalArgumentException("minGuard must not be negative: " + minGuard);
		}
	}

	/**
	 * Creates the default configuration for a region: batch {@value #DEFAULT_BATCH}, regional
	 * batch 4 × batch, fail-closed, probes every 5s, guard 1 % of the window and at least 5ms.
	 * @param region the region
	 * @param instance the process's id in the region
	 * @return the configuration
	 */
	public static FederationConfig of(String region, String instance) {
		return new FederationConfig(region, instance, DEFAULT_BATCH, 4 * DEFAULT_BATCH, OutageMode.FAIL_CLOSED, 0,
				Duration.ofSeconds(5), 0.01, Duration.ofMillis(5));
	}

	/**
	 * Returns a copy with another batch, and a regional batch of 4 × batch.
	 * @param batch the batch
	 * @return the new configuration
	 */
	public FederationConfig withBatch(long batch) {
		return new FederationConfig(this.region, this.instance, batch, Math.multiplyExact(4, batch), this.outageMode,
				this.fallbackAllowance, this.probeInterval, this.guardFraction, this.minGuard);
	}

	/**
	 * Returns a copy with another outage mode and fallback allowance.
	 * @param mode the mode
	 * @param allowance permits per key, process and window while cut off (regional-only only)
	 * @return the new configuration
	 */
	public FederationConfig withOutageMode(OutageMode mode, long allowance) {
		return new FederationConfig(this.region, this.instance, this.batch, this.regionalBatch, mode, allowance,
				this.probeInterval, this.guardFraction, this.minGuard);
	}

	/**
	 * Returns a copy with another probe interval.
	 * @param interval the interval
	 * @return the new configuration
	 */
	public FederationConfig withProbeInterval(Duration interval) {
		return new FederationConfig(this.region, this.instance, this.batch, this.regionalBatch, this.outageMode,
				this.fallbackAllowance, interval, this.guardFraction, this.minGuard);
	}

	/**
	 * Returns a copy with another guard.
	 * @param fraction share of the window
	 * @param min the least guard
	 * @return the new configuration
	 */
	public FederationConfig withGuard(double fraction, Duration min) {
		return new FederationConfig(this.region, this.instance, this.batch, this.regionalBatch, this.outageMode,
				this.fallbackAllowance, this.probeInterval, fraction, min);
	}

	/**
	 * Returns the holder name the coordinator keeps grants under.
	 * @return {@code region/instance}
	 */
	public String holder() {
		return this.region + '/' + this.instance;
	}

	/**
	 * Returns the guard taken off every deadline for a window, in nanoseconds: the greater of
	 * the guard fraction of the window and the least guard.
	 * @param windowMillis the window
	 * @return the guard in nanoseconds
	 */
	public long guardNanos(long windowMillis) {
		return Math.max(this.minGuard.toNanos(), (long) (windowMillis * 1_000_000.0 * this.guardFraction));
	}

	private static void checkName(String what, String value) {
		if (value.isBlank() || value.length() > 64 || value.indexOf('/') >= 0) {
			throw new IllegalArgumentException(
					what + " must be 1 to 64 characters, not blank, without '/': '" + value + "'");
		}
	}

}
