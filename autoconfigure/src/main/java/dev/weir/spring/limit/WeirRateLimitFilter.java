package dev.weir.spring.limit;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.Expression;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;

import dev.weir.limit.Decision;
import dev.weir.limit.RateLimiter;

/**
 * Applies the {@code weir.rules} to every request: each rule whose path, method and condition
 * match spends permits from its limiter under its key. Rules are tried in order; the first
 * denial answers 429 and stops the request (permits already taken by earlier rules stay
 * taken).
 */
public final class WeirRateLimitFilter extends OncePerRequestFilter {

	private final List<CompiledRule> rules;

	private final RateLimitResponses responses;

	WeirRateLimitFilter(List<CompiledRule> rules, RateLimitResponses responses) {
		this.rules = List.copyOf(rules);
		this.responses = responses;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PathContainer path = null;
		SimpleEvaluationContext context = null;
		for (CompiledRule rule : this.rules) {
			if (!rule.appliesToMethod(request.getMethod())) {
				continue;
			}
			if (path == null) {
				path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
			}
			PathPattern.PathMatchInfo match = rule.pattern().matchAndExtract(path);
			if (match == null) {
				continue;
			}
			if (rule.needsContext() && context == null) {
				context = RequestExpressions.context(request);
			}
			if (context != null) {
				context.setVariable("pathVariables", match.getUriVariables());
			}
			if (!RequestExpressions.test(rule.when(), context, rule.property() + ".when")) {
				continue;
			}
			String key = RequestExpressions.key(rule.key(), context, rule.property() + ".key");
			Decision decision = rule.limiter().tryAcquire(key, rule.permits());
			if (!decision.allowed()) {
				this.responses.writeDenial(request, response, rule.limiter().policy(), decision);
				return;
			}
			this.responses.addHeaders(response, rule.limiter().policy(), decision);
		}
		chain.doFilter(request, response);
	}

	/**
	 * A rule with its pattern and expressions parsed and its limiter resolved.
	 */
	record CompiledRule(String property, PathPattern pattern, Set<String> methods, RateLimiter limiter,
			@Nullable Expression key, @Nullable Expression when, long permits) {

		CompiledRule {
			methods = Set.copyOf(methods);
		}

		boolean appliesToMethod(String method) {
			return this.methods.isEmpty() || this.methods.contains(method);
		}

		boolean needsContext() {
			return this.key != null || this.when != null;
		}

	}

}
