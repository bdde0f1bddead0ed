package dev.weir.spring.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.weir.limit.RateLimiter;
import dev.weir.limit.RateLimiterRegistry;

/**
 * Publishes each limiter's own counts as meters: {@code weir.limit.decisions{limiter,outcome}},
 * {@code weir.limit.keys{limiter}} and {@code weir.limit.keys.evicted{limiter}}. Limiters
 * created later, such as inline {@code @RateLimited} limits, are published as they appear. Tag
 * values are limiter names, a closed set; never keys.
 */
public final class RateLimiterMeterBinder implements MeterBinder {

	private final RateLimiterRegistry limiters;

	/**
	 * Creates a binder for the limiters of a registry.
	 * @param limiters the registry
	 */
	public RateLimiterMeterBinder(RateLimiterRegistry limiters) {
		this.limiters = limiters;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.limiters.forEachLimiter((limiter) -> bind(limiter, registry));
	}

	private static void bind(RateLimiter limiter, MeterRegistry registry) {
		String name = limiter.policy().name();
		FunctionCounter.builder("weir.limit.decisions", limiter, RateLimiter::allowedCount)
			.description("Rate-limit decisions")
			.tags("limiter", name, "outcome", "allowed")
			.register(registry);
		FunctionCounter.builder("weir.limit.decisions", limiter, RateLimiter::deniedCount)
			.description("Rate-limit decisions")
			.tags("limiter", name, "outcome", "denied")
			.register(registry);
		Gauge.builder("weir.limit.keys", limiter, RateLimiter::keyCount)
			.description("Keys a limiter remembers")
			.tag("limiter", name)
			.register(registry);
		FunctionCounter.builder("weir.limit.keys.evicted", limiter, RateLimiter::evictedKeys)
			.description("Live keys forgotten because the limiter reached its key bound")
			.tag("limiter", name)
			.register(registry);
	}

}
