package dev.weir.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.spring.federation.FederatedLimiters;

/**
 * Health of federation: {@code UP} while every federated limiter's last coordinator call
 * succeeded, {@code DEGRADED} otherwise (held escrow still serves, so the instance stays up),
 * with each limiter's coordinator errors, round trip and clock offset.
 */
public final class FederationHealthIndicator extends AbstractHealthIndicator {

	/**
	 * The coordinator does not answer; the instance serves escrow it holds and denies the rest.
	 */
	public static final Status DEGRADED = new Status("DEGRADED", "coordinator unreachable");

	private final FederatedLimiters limiters;

	/**
	 * Creates the indicator.
	 * @param limiters the federated limiters
	 */
	public FederationHealthIndicator(FederatedLimiters limiters) {
		super("Federation health check failed");
		this.limiters = limiters;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean up = true;
		Map<String, Object> details = new LinkedHashMap<>();
		for (FederatedRateLimiter limiter : this.limiters.limiters()) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("coordinator", limiter.coordinatorUp() ? "up" : "unreachable");
			detail.put("coordinatorErrors", limiter.stats().coordinatorErrors());
			FederatedRateLimiter.Exchange exchange = limiter.lastExchange();
			if (exchange != null) {
				detail.put("roundTripMillis", exchange.roundTripNanos() / 1_000_000.0);
				detail.put("clockOffsetMillis", exchange.offsetMillis());
			}
			details.put(limiter.policy().name(), detail);
			up &= limiter.coordinatorUp();
		}
		builder.status(up ? Status.UP : DEGRADED)
			.withDetail("region", this.limiters.config().region())
			.withDetail("mode", this.limiters.config().outageMode().name().toLowerCase().replace('_', '-'))
			.withDetail("limiters", details);
	}

}
