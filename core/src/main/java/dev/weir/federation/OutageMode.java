package dev.weir.federation;

/**
 * What a federated limiter does once it has no granted units left while its coordinator does
 * not answer.
 */
public enum OutageMode {

	/**
	 * Deny. Escrow already granted (in the process and in the regional escrow) is still spent
	 * until its deadline. Δ = 0.
	 */
	FAIL_CLOSED,

	/**
	 * Serve granted escrow, then admit up to {@link FederationConfig#fallbackAllowance()}
	 * permits per key, process and window while the coordinator is unreachable, counted apart.
	 * Overshoot is bounded by the allowances of the cut-off processes; with an allowance of 0
	 * (the default) this is {@link #FAIL_CLOSED}.
	 */
	REGIONAL_ONLY

}
