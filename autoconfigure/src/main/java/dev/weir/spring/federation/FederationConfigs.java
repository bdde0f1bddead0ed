package dev.weir.spring.federation;

import java.time.Duration;

import dev.weir.federation.FederationConfig;
import dev.weir.spring.InvalidWeirPropertyException;

/**
 * The one place where bound {@code weir.federation.*} properties become a core
 * {@link FederationConfig}, each property checked and named when wrong.
 */
final class FederationConfigs {

	private FederationConfigs() {
	}

	static FederationConfig from(WeirFederationProperties properties) {
		String region = region(properties);
		String instance = (properties.getInstance() != null) ? properties.getInstance()
				: WeirFederationAutoConfiguration.randomInstance();
		if (!validName(instance)) {
			throw new InvalidWeirPropertyException("weir.federation.instance", instance,
					"an instance id must be 1 to 64 characters without '/'",
					"Set weir.federation.instance to a short id such as pod-1, or remove it for a random one.");
		}
		if (properties.getBatch() < 1) {
			throw new InvalidWeirPropertyException("weir.federation.batch", Long.toString(properties.getBatch()),
					"an instance must lease at least one permit at a time",
					"Set weir.federation.batch to a positive number, such as 8.");
		}
		if (properties.getFallbackAllowance() < 0) {
			throw new InvalidWeirPropertyException("weir.federation.fallback-allowance",
					Long.toString(properties.getFallbackAllowance()), "the allowance cannot be negative",
					"Set weir.federation.fallback-allowance to 0 (never exceed the global limit) or more.");
		}
		if (properties.getProbeInterval().toMillis() < 10) {
			throw new InvalidWeirPropertyException("weir.federation.probe-interval",
					properties.getProbeInterval().toString(), "probes must be at least 10ms apart",
					"Set weir.federation.probe-interval to a duration such as 5s.");
		}
		if (properties.getQuarantineMargin().isNegative()) {
			throw new InvalidWeirPropertyException("weir.federation.quarantine-margin",
					properties.getQuarantineMargin().toString(), "the margin cannot be negative",
					"Set weir.federation.quarantine-margin to a duration such as 1s.");
		}
		if (properties.getIdleGiveBack().isNegative()) {
			throw new InvalidWeirPropertyException("weir.federation.idle-give-back",
					properties.getIdleGiveBack().toString(), "a time unused cannot be negative",
					"Set weir.federation.idle-give-back to a duration such as 500ms, or 0 to keep leased permits until the window ends.");
		}
		Duration quiet = properties.getQuietGiveBack();
		if (quiet.isNegative() || (!quiet.isZero() && (quiet.toMillis() < 1
				|| (!properties.getIdleGiveBack().isZero() && quiet.compareTo(properties.getIdleGiveBack()) > 0)))) {
			throw new InvalidWeirPropertyException("weir.federation.quiet-give-back", quiet.toString(),
					"it must be 0, or from 1ms up to weir.federation.idle-give-back ("
							+ properties.getIdleGiveBack().toMillis() + "ms)",
					"Set weir.federation.quiet-give-back to a duration such as 5ms, or 0 to give back only after idle-give-back.");
		}
		return FederationConfig.of(region, instance)
			.withBatch(properties.getBatch())
			.withOutageMode(properties.getOnCoordinatorOutage(), properties.getFallbackAllowance())
			.withProbeInterval(properties.getProbeInterval());
	}

	static String region(WeirFederationProperties properties) {
		String region = properties.getRegion();
		if (region == null || !validName(region)) {
			throw new InvalidWeirPropertyException("weir.federation.region", region,
					"every federated instance needs a region name of 1 to 64 characters without '/'",
					"Set weir.federation.region to the name of this instance's region, such as eu-west.");
		}
		return region;
	}

	private static boolean validName(String name) {
		return !name.isBlank() && name.length() <= 64 && name.indexOf('/') < 0;
	}

}
