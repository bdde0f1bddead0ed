package dev.weir.spring.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.weir.federation.CoordinatorException.Kind;
import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationStats;
import dev.weir.limit.RateLimiterRegistry;

/**
 * Publishes the counts of each federated limiter: {@code weir.federation.leases{limiter,outcome}},
 * {@code weir.federation.coordinator.errors{limiter,kind}},
 * {@code weir.federation.units{limiter,kind}}, {@code weir.federation.denied{limiter,reason}} and
 * {@code weir.federation.coordinator.up{limiter}}. Tag values are limiter names and closed sets.
 */
public final class FederationMeterBinder implements MeterBinder {

	private final RateLimiterRegistry limiters;

	/**
	 * Creates a binder for the federated limiters of a registry.
	 * @param limiters the registry
	 */
	public FederationMeterBinder(RateLimiterRegistry limiters) {
		this.limiters = limiters;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.limiters.forEachLimiter((limiter) -> {
			if (limiter instanceof FederatedRateLimiter federated) {
				bind(federated, registry);
			}
		});
	}

	private static void bind(FederatedRateLimiter limiter, MeterRegistry registry) {
		String name = limiter.policy().name();
		FederationStats stats = limiter.stats();
		for (String outcome : new String[] { "full", "partial", "zero" }) {
			FunctionCounter.builder("weir.federation.leases", stats, (s) -> s.leases(outcome))
				.description("Leases answered by the coordinator, by how much of the request they granted")
				.tags("limiter", name, "outcome", outcome)
				.register(registry);
		}
		for (Kind kind : Kind.values()) {
			FunctionCounter.builder("weir.federation.coordinator.errors", stats, (s) -> s.coordinatorErrors(kind))
				.description("Coordinator calls that failed")
				.tags("limiter", name, "kind", kind.name().toLowerCase())
				.register(registry);
		}
		FunctionCounter.builder("weir.federation.prefetches", stats, FederationStats::prefetches)
			.description("Leases started ahead of need, while the key still held permits")
			.tag("limiter", name)
			.register(registry);
		FunctionCounter.builder("weir.federation.regional.errors", stats, FederationStats::regionalErrors)
			.description("Regional escrow calls that failed")
			.tag("limiter", name)
			.register(registry);
		unit(registry, name, stats, "granted", FederationStats::grantedUnits);
		unit(registry, name, stats, "forfeited", FederationStats::forfeitedUnits);
		unit(registry, name, stats, "expired", FederationStats::expiredUnits);
		unit(registry, name, stats, "returned", FederationStats::returnedUnits);
		unit(registry, name, stats, "fallback", FederationStats::fallbackAdmitted);
		FunctionCounter.builder("weir.federation.denied", stats, FederationStats::deniedBudget)
			.description("Federated denials, by reason")
			.tags("limiter", name, "reason", "budget")
			.register(registry);
		FunctionCounter.builder("weir.federation.denied", stats, FederationStats::deniedOutage)
			.description("Federated denials, by reason")
			.tags("limiter", name, "reason", "coordinator-unavailable")
			.register(registry);
		Gauge.builder("weir.federation.coordinator.up", limiter, (l) -> l.coordinatorUp() ? 1 : 0)
			.description("Whether the last coordinator call succeeded")
			.tag("limiter", name)
			.register(registry);
	}

	private static void unit(MeterRegistry registry, String name, FederationStats stats, String kind,
			java.util.function.ToDoubleFunction<FederationStats> count) {
		FunctionCounter.builder("weir.federation.units", stats, count)
			.description("Permits granted by the coordinator, forfeited late, expired unspent, given back, "
					+ "or admitted from the fallback allowance")
			.tags("limiter", name, "kind", kind)
			.register(registry);
	}

}
