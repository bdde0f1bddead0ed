package dev.weir.spring;

import java.util.Objects;

import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;

/**
 * Thrown when a {@link RateLimited} method is called past its limit. Within a web request Weir
 * turns it into a 429 response; it carries no stack trace, since a denial is an expected
 * outcome, not a fault.
 */
public class RateLimitExceededException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient LimitPolicy policy;

	private final transient Decision decision;

	/**
	 * Creates an exception for a denial.
	 * @param policy the policy of the limiter that denied
	 * @param decision the denial
	 */
	public RateLimitExceededException(LimitPolicy policy, Decision decision) {
		super("Rate limit '" + policy.name() + "' exceeded; retry after " + decision.retryAfterSeconds() + "s", null,
				false, false);
		this.policy = Objects.requireNonNull(policy, "policy");
		this.decision = Objects.requireNonNull(decision, "decision");
	}

	/**
	 * Returns the name of the limiter that denied the call.
	 * @return the limiter's name
	 */
	public String getLimiter() {
		return this.policy.name();
	}

	/**
	 * Returns the policy of the limiter that denied the call.
	 * @return the policy
	 */
	public LimitPolicy getPolicy() {
		return this.policy;
	}

	/**
	 * Returns the denial.
	 * @return the decision
	 */
	public Decision getDecision() {
		return this.decision;
	}

}
