package dev.weir.spring.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;

/**
 * Configuration of Weir's rate limiting: named limiters, servlet filter rules, and what
 * responses carry.
 */
@ConfigurationProperties("weir")
public class WeirRateLimitProperties {

	/**
	 * Whether Weir is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Named limiters, referred to by filter rules and by @RateLimited.
	 */
	private Map<String, Limit> limits = new LinkedHashMap<>();

	/**
	 * Servlet filter rules, tried in order for every request.
	 */
	private List<Rule> rules = new ArrayList<>();

	private final Http http = new Http();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, Limit> getLimits() {
		return this.limits;
	}

	public void setLimits(Map<String, Limit> limits) {
		this.limits = limits;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	public Http getHttp() {
		return this.http;
	}

	/**
	 * Where a limiter keeps its counts.
	 */
	public enum Scope {

		/**
		 * In this instance only: each instance enforces the limit on its own.
		 */
		LOCAL,

		/**
		 * Shared by every instance of the cluster over gossip.
		 */
		CLUSTER,

		/**
		 * One global budget across regions through a coordinator.
		 */
		FEDERATED

	}

	/**
	 * One named limiter.
	 */
	public static class Limit {

		/**
		 * Permits each key may take per window.
		 */
		private @Nullable Long limit;

		/**
		 * Window over which the limit applies.
		 */
		private Duration window = Duration.ofSeconds(1);

		/**
		 * How permits are counted.
		 */
		private Algorithm algorithm = Algorithm.FIXED_WINDOW;

		/**
		 * Where counts are kept.
		 */
		private Scope scope = Scope.LOCAL;

		/**
		 * Most keys the limiter remembers; past it, expired keys are dropped first, then the
		 * live keys closest to expiry, each counted in weir.limit.keys.evicted.
		 */
		private int maxKeys = LimitPolicy.DEFAULT_MAX_KEYS;

		public @Nullable Long getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable Long limit) {
			this.limit = limit;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public Algorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(Algorithm algorithm) {
			this.algorithm = algorithm;
		}

		public Scope getScope() {
			return this.scope;
		}

		public void setScope(Scope scope) {
			this.scope = scope;
		}

		public int getMaxKeys() {
			return this.maxKeys;
		}

		public void setMaxKeys(int maxKeys) {
			this.maxKeys = maxKeys;
		}

	}

	/**
	 * One servlet filter rule: requests that match spend permits from a limiter.
	 */
	public static class Rule {

		/**
		 * Path pattern the request path must match, such as /api/** or /orders/{id}.
		 */
		private @Nullable String path;

		/**
		 * HTTP methods the rule applies to; empty for every method.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Name of the limiter, under weir.limits, that the rule spends from.
		 */
		private @Nullable String limiter;

		/**
		 * SpEL expression for the key whose budget a request spends, such as #remoteAddress or
		 * #request.getHeader('X-Api-Key'); empty for one key shared by every request.
		 */
		private @Nullable String key;

		/**
		 * SpEL condition the request must meet for the rule to apply, such as
		 * #request.getHeader('X-Internal') == null; empty to always apply.
		 */
		private @Nullable String when;

		/**
		 * Permits each matching request takes.
		 */
		private long permits = 1;

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public @Nullable String getLimiter() {
			return this.limiter;
		}

		public void setLimiter(@Nullable String limiter) {
			this.limiter = limiter;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable String getWhen() {
			return this.when;
		}

		public void setWhen(@Nullable String when) {
			this.when = when;
		}

		public long getPermits() {
			return this.permits;
		}

		public void setPermits(long permits) {
			this.permits = permits;
		}

	}

	/**
	 * What Weir adds to HTTP responses.
	 */
	public static class Http {

		/**
		 * Whether responses carry the RateLimit and RateLimit-Policy fields. Denials always
		 * carry Retry-After and a problem body.
		 */
		private boolean rateLimitHeaders = true;

		public boolean isRateLimitHeaders() {
			return this.rateLimitHeaders;
		}

		public void setRateLimitHeaders(boolean rateLimitHeaders) {
			this.rateLimitHeaders = rateLimitHeaders;
		}

	}

}
