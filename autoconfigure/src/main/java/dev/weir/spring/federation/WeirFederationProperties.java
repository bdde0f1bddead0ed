package dev.weir.spring.federation;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.weir.federation.FederationConfig;
import dev.weir.federation.OutageMode;

/**
 * Configuration of Weir's federation: one global budget per limiter shared by several regions
 * through a coordinator, for limiters with {@code weir.limits.<name>.scope=federated}.
 */
@ConfigurationProperties("weir.federation")
public class WeirFederationProperties {

	/**
	 * Region of this instance, such as eu-west; every instance of a region uses the same name.
	 */
	private @Nullable String region;

	/**
	 * Id of this instance within its region; a random id when not set.
	 */
	private @Nullable String instance;

	/**
	 * Store that holds the global budgets: redis (spring.data.redis.*) or jdbc
	 * (spring.datasource.*, PostgreSQL).
	 */
	private @Nullable Coordinator coordinator;

	/**
	 * Permits leased from the coordinator at once when an instance's escrow runs short, at least: a
	 * key whose requests outpace a batch per round trip leases twice what came during its last
	 * lease, up to a quarter of its limit.
	 */
	private long batch = FederationConfig.DEFAULT_BATCH;

	/**
	 * What to do without leased permits while the coordinator is unreachable.
	 */
	private OutageMode onCoordinatorOutage = OutageMode.FAIL_CLOSED;

	/**
	 * Permits per key, instance and window admitted without a lease while the coordinator is
	 * unreachable, in regional-only mode; each may exceed the global limit.
	 */
	private long fallbackAllowance = 0;

	/**
	 * The longest wait before an unreachable coordinator is tried again: the first retry comes
	 * 100ms after a failure, each next one twice as late, up to this.
	 */
	private Duration probeInterval = Duration.ofSeconds(5);

	/**
	 * Largest step back of the coordinator's clock that a coordinator state loss is guarded
	 * against: windows started by the time the loss is found plus this margin grant nothing.
	 */
	private Duration quarantineMargin = Duration.ofSeconds(1);

	/**
	 * How long a key's leased permits may go unused before they are given back to the window,
	 * for other regions to spend; zero to keep them until the window ends.
	 */
	private Duration idleGiveBack = Duration.ofMillis(500);

	/**
	 * The least time a key's leased permits go unused before they are given back, and how
	 * often keys are checked: a key whose requests stop gives its permits back after 16 of its
	 * own average gaps between requests, but not before this and not after idle-give-back, so a
	 * busy key's leftovers reach a region that runs short within the same window. Zero gives
	 * back only after idle-give-back.
	 */
	private Duration quietGiveBack = Duration.ofMillis(5);

	/**
	 * Whether a busy key leases its next permits in the background while it still has some,
	 * when what it holds would last less than two coordinator round trips at its pace, so that
	 * requests do not wait for the coordinator.
	 */
	private boolean prefetch = true;

	/**
	 * Whether the instances of a region share leased permits through a regional escrow in
	 * Redis (spring.data.redis.*).
	 */
	private boolean regionalEscrow = false;

	public @Nullable String getRegion() {
		return this.region;
	}

	public void setRegion(@Nullable String region) {
		this.region = region;
	}

	public @Nullable String getInstance() {
		return this.instance;
	}

	public void setInstance(@Nullable String instance) {
		this.instance = instance;
	}

	public @Nullable Coordinator getCoordinator() {
		return this.coordinator;
	}

	public void setCoordinator(@Nullable Coordinator coordinator) {
		this.coordinator = coordinator;
	}

	public long getBatch() {
		return this.batch;
	}

	public void setBatch(long batch) {
		this.batch = batch;
	}

	public OutageMode getOnCoordinatorOutage() {
		return this.onCoordinatorOutage;
	}

	public void setOnCoordinatorOutage(OutageMode onCoordinatorOutage) {
		this.onCoordinatorOutage = onCoordinatorOutage;
	}

	public long getFallbackAllowance() {
		return this.fallbackAllowance;
	}

	public void setFallbackAllowance(long fallbackAllowance) {
		this.fallbackAllowance = fallbackAllowance;
	}

	public Duration getProbeInterval() {
		return this.probeInterval;
	}

	public void setProbeInterval(Duration probeInterval) {
		this.probeInterval = probeInterval;
	}

	public Duration getQuarantineMargin() {
		return this.quarantineMargin;
	}

	public void setQuarantineMargin(Duration quarantineMargin) {
		this.quarantineMargin = quarantineMargin;
	}

	public Duration getIdleGiveBack() {
		return this.idleGiveBack;
	}

	public void setIdleGiveBack(Duration idleGiveBack) {
		this.idleGiveBack = idleGiveBack;
	}

	public Duration getQuietGiveBack() {
		return this.quietGiveBack;
	}

	public void setQuietGiveBack(Duration quietGiveBack) {
		this.quietGiveBack = quietGiveBack;
	}

	public boolean isPrefetch() {
		return this.prefetch;
	}

	public void setPrefetch(boolean prefetch) {
		this.prefetch = prefetch;
	}

	public boolean isRegionalEscrow() {
		return this.regionalEscrow;
	}

	public void setRegionalEscrow(boolean regionalEscrow) {
		this.regionalEscrow = regionalEscrow;
	}

	/**
	 * Stores that can coordinate federated limiters.
	 */
	public enum Coordinator {

		/**
		 * Redis through Spring Data Redis.
		 */
		REDIS,

		/**
		 * PostgreSQL through Spring JDBC.
		 */
		JDBC

	}

}
