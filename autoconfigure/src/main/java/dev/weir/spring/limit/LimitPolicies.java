package dev.weir.spring.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.limit.WeirRateLimitProperties.Limit;
import dev.weir.spring.limit.WeirRateLimitProperties.Scope;
import dev.weir.state.ClusterRateLimiter;

/**
 * The one place where bound {@code weir.limits.*} properties become core
 * {@link LimitPolicy policies}, each property checked and named when wrong.
 */
final class LimitPolicies {

	private LimitPolicies() {
	}

	static List<LimitPolicy> from(WeirRateLimitProperties properties) {
		List<LimitPolicy> policies = new ArrayList<>();
		for (Map.Entry<String, Limit> entry : properties.getLimits().entrySet()) {
			policies.add(from(entry.getKey(), entry.getValue()));
		}
		return policies;
	}

	static LimitPolicy from(String name, Limit limit) {
		String prefix = "weir.limits." + name;
		if (limit.getScope() == Scope.CLUSTER && !ClusterRateLimiter.supports(limit.getAlgorithm())) {
			throw new InvalidWeirPropertyException(prefix + ".algorithm", limit.getAlgorithm().name().toLowerCase().replace('_', '-'),
					"scope 'cluster' counts with fixed or sliding windows; a token bucket cannot be shared by the cluster",
					"Set " + prefix + ".algorithm to fixed-window or sliding-window, or " + prefix + ".scope to local.");
		}
		Long permits = limit.getLimit();
		if (permits == null) {
			throw new InvalidWeirPropertyException(prefix + ".limit", null, "every limiter needs a limit",
					"Set " + prefix + ".limit to the number of permits each key may take per window, such as 100.");
		}
		if (permits < 1 || permits > LimitPolicy.MAX_LIMIT) {
			throw new InvalidWeirPropertyException(prefix + ".limit", permits.toString(),
					"the limit must be between 1 and " + LimitPolicy.MAX_LIMIT,
					"Set " + prefix + ".limit to a whole number from 1 to " + LimitPolicy.MAX_LIMIT + ".");
		}
		if (limit.getWindow().toMillis() < 1 || limit.getWindow().compareTo(LimitPolicy.MAX_WINDOW) > 0
				|| limit.getWindow().toNanosPart() % 1_000_000 != 0) {
			throw new InvalidWeirPropertyException(prefix + ".window", limit.getWindow().toString(),
					"the window must be a whole number of milliseconds from 1ms to about 49 days",
					"Set " + prefix + ".window to a duration such as 500ms, 1s, 1m or 1h.");
		}
		if (limit.getMaxKeys() < 1) {
			throw new InvalidWeirPropertyException(prefix + ".max-keys", Integer.toString(limit.getMaxKeys()),
					"a limiter must be able to remember at least one key",
					"Set " + prefix + ".max-keys to a positive number, such as 100000, or remove it.");
		}
		if (limit.getScope() == Scope.FEDERATED && limit.getAlgorithm() != Algorithm.FIXED_WINDOW) {
			throw new InvalidWeirPropertyException(prefix + ".algorithm", limit.getAlgorithm().name().toLowerCase().replace('_', '-'),
					"a federated limiter counts in the coordinator's fixed windows only",
					"Set " + prefix + ".algorithm to fixed-window, or " + prefix + ".scope to local.");
		}
		return new LimitPolicy(name, permits, limit.getWindow(), limit.getAlgorithm(), limit.getMaxKeys());
	}

	static boolean federated(WeirRateLimitProperties properties, String name) {
		Limit limit = properties.getLimits().get(name);
		return limit != null && limit.getScope() == Scope.FEDERATED;
	}

}
