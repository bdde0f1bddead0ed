package dev.weir.federation;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.weir.time.Clock;

/**
 * A {@link GlobalCoordinator} in this process, on an injected clock: for tests, simulations and
 * a single-region embedded default. Every operation holds one lock, so it is atomic and reads
 * the clock inside it.
 *
 * <p>Tests may take it down ({@link #setAvailable}) and make it lose its state
 * ({@link #loseState}); after a loss it grants nothing in any window that started by the time it
 * found the loss plus a margin for a clock stepped back, as a real store does when it finds its
 * start marker missing.
 */
public final class InMemoryCoordinator implements GlobalCoordinator {

	/**
	 * The default quarantine margin: a coordinator clock stepped back by up to a second before
	 * a state loss is found cannot reopen a window it had opened.
	 */
	public static final Duration DEFAULT_QUARANTINE_MARGIN = Duration.ofSeconds(1);

	private final Clock clock;

	private final Map<String, KeyLedger> ledgers = new HashMap<>();

	private boolean available = true;

	private boolean marker = true;

	private long stateLostAt = Long.MIN_VALUE;

	private long calls;

	private final long quarantineMarginMillis;

	/**
	 * Creates a coordinator.
	 * @param clock the coordinator's clock; its wall time decides windows
	 * @param quarantineMargin the largest step back of the coordinator's clock that a state loss
	 * is guarded against: after a loss found at time t, every window that starts by t plus this
	 * margin grants nothing
	 */
	public InMemoryCoordinator(Clock clock, Duration quarantineMargin) {
		this.clock = Objects.requireNonNull(clock, "clock");
		Objects.requireNonNull(quarantineMargin, "quarantineMargin");
		if (quarantineMargin.isNegative()) {
			throw new IllegalArgumentException("quarantineMargin must not be negative: " + quarantineMargin);
		}
		this.quarantineMarginMillis = quarantineMargin.toMillis();
	}

	/**
	 * Creates a coordinator with the default quarantine margin of {@link #DEFAULT_QUARANTINE_MARGIN}.
	 * @param clock the coordinator's clock
	 */
	public InMemoryCoordinator(Clock clock) {
		this(clock, DEFAULT_QUARANTINE_MARGIN);
	}

	@Override
	public synchronized LeaseGrant lease(LeaseRequest request) {
		Objects.requireNonNull(request, "request");
		checkAvailable();
		this.calls++;
		long now = this.clock.wallTimeMillis();
		if (!this.marker) {
			// The store lost its state: escrow of the current window may still be out there.
			this.marker = true;
			this.stateLostAt = now + this.quarantineMarginMillis;
		}
		KeyLedger ledger = this.ledgers.computeIfAbsent(request.limiter() + '\u0000' + request.key(),
				(id) -> new KeyLedger());
		return ledger.lease(request, now, this.stateLostAt);
	}

	@Override
	public synchronized long giveBack(GiveBackRequest request) {
		Objects.requireNonNull(request, "request");
		checkAvailable();
		this.calls++;
		KeyLedger ledger = this.ledgers.get(request.limiter() + '\u0000' + request.key());
		return (ledger != null) ? ledger.giveBack(request) : 0;
	}

	@Override
	public synchronized long probe() {
		checkAvailable();
		return this.clock.wallTimeMillis();
	}

	/**
	 * Makes the coordinator answer or fail every call, as a stopped server would.
	 * @param available whether it answers
	 */
	public synchronized void setAvailable(boolean available) {
		this.available = available;
	}

	/**
	 * Forgets every key and the start marker, as a restart without persistence would.
	 */
	public synchronized void loseState() {
		this.ledgers.clear();
		this.marker = false;
	}

	/**
	 * Returns how many lease and give-back calls were answered.
	 * @return the number of calls
	 */
	public synchronized long calls() {
		return this.calls;
	}

	private void checkAvailable() {
		if (!this.available) {
			throw new CoordinatorException(CoordinatorException.Kind.UNAVAILABLE, "in-memory coordinator is down");
		}
	}

}
