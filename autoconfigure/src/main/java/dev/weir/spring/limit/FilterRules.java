package dev.weir.spring.limit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import dev.weir.limit.RateLimiter;
import dev.weir.limit.RateLimiterRegistry;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.limit.WeirRateLimitFilter.CompiledRule;
import dev.weir.spring.limit.WeirRateLimitProperties.Rule;

/**
 * Turns {@code weir.rules[n]} into {@link CompiledRule}s at startup, so that a bad path,
 * method, limiter name, expression or permit count stops the application with the property
 * named.
 */
final class FilterRules {

	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE");

	private FilterRules() {
	}

	static List<CompiledRule> compile(List<Rule> rules, RateLimiterRegistry registry) {
		List<CompiledRule> compiled = new ArrayList<>(rules.size());
		for (int i = 0; i < rules.size(); i++) {
			compiled.add(compile("weir.rules[" + i + "]", rules.get(i), registry));
		}
		return compiled;
	}

	private static CompiledRule compile(String property, Rule rule, RateLimiterRegistry registry) {
		PathPattern pattern = pattern(property + ".path", rule.getPath());
		Set<String> methods = methods(property + ".methods", rule.getMethods());
		RateLimiter limiter = limiter(property + ".limiter", rule.getLimiter(), registry);
		long limit = limiter.policy().limit();
		if (rule.getPermits() < 1 || rule.getPermits() > limit) {
			throw new InvalidWeirPropertyException(property + ".permits", Long.toString(rule.getPermits()),
					"permits must be between 1 and the limit of '" + limiter.policy().name() + "', " + limit,
					"Set " + property + ".permits to a number from 1 to " + limit + ", or raise the limit.");
		}
		return new CompiledRule(property, pattern, methods, limiter,
				RequestExpressions.parse(property + ".key", rule.getKey()),
				RequestExpressions.parse(property + ".when", rule.getWhen()), rule.getPermits());
	}

	private static PathPattern pattern(String property, String path) {
		if (path == null || path.isBlank()) {
			throw new InvalidWeirPropertyException(property, path, "every rule needs a path pattern",
					"Set " + property + " to a path pattern such as /api/** or /orders/{id}.");
		}
		try {
			return PathPatternParser.defaultInstance.parse(path);
		}
		catch (PatternParseException ex) {
			throw new InvalidWeirPropertyException(property, path, "not a valid path pattern: " + ex.getMessage(),
					"Set " + property + " to a path pattern such as /api/** or /orders/{id}.", ex);
		}
	}

	private static Set<String> methods(String property, List<String> methods) {
		Set<String> result = new LinkedHashSet<>();
		for (String method : methods) {
			String upper = method.trim().toUpperCase(Locale.ROOT);
			if (!METHODS.contains(upper)) {
				throw new InvalidWeirPropertyException(property, method, "not an HTTP method",
						"Set " + property + " to HTTP methods such as GET, POST, or leave it empty for every method.");
			}
			result.add(HttpMethod.valueOf(upper).name());
		}
		return result;
	}

	private static RateLimiter limiter(String property, String name, RateLimiterRegistry registry) {
		if (name == null || name.isBlank()) {
			throw new InvalidWeirPropertyException(property, name, "every rule needs a limiter",
					"Set " + property + " to the name of a limiter defined under weir.limits.");
		}
		return registry.find(name)
			.orElseThrow(() -> new InvalidWeirPropertyException(property, name, "no limiter named '" + name + "'",
					"Define weir.limits." + name + ".limit (and .window), or set " + property
							+ " to a limiter that exists."));
	}

}
