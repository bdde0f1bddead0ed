package dev.weir.federation;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.weir.federation.CoordinatorException.Kind;

/**
 * Counts of one federated limiter, for meters: leases by outcome, coordinator errors by kind,
 * and units granted, forfeited, expired and returned.
 */
public final class FederationStats {

	private final LongAdder leasesFull = new LongAdder();

	private final LongAdder leasesPartial = new LongAdder();

	private final LongAdder leasesZero = new LongAdder();

	private final Map<Kind, LongAdder> errors = new EnumMap<>(Kind.class);

	private final LongAdder regionalErrors = new LongAdder();

	private final LongAdder granted = new LongAdder();

	private final LongAdder forfeited = new LongAdder();

	private final LongAdder expired = new LongAdder();

	private final LongAdder returned = new LongAdder();

	private final LongAdder deniedBudget = new LongAdder();

	private final LongAdder deniedOutage = new LongAdder();

	private final LongAdder fallbackAdmitted = new LongAdder();

	private final LongAdder prefetches = new LongAdder();

	FederationStats() {
		for (Kind kind : Kind.values()) {
			this.errors.put(kind, new LongAdder());
		}
	}

	void lease(long grant, long want) {
		(grant == 0 ? this.leasesZero : grant < want ? this.leasesPartial : this.leasesFull).increment();
		this.granted.add(grant);
	}

	void coordinatorError(Kind kind) {
		this.errors.get(kind).increment();
	}

	void regionalError() {
		this.regionalErrors.increment();
	}

	void forfeited(long units) {
		this.forfeited.add(units);
	}

	void expired(long units) {
		this.expired.add(units);
	}

	void returned(long units) {
		this.returned.add(units);
	}

	void denyBudget() {
		this.deniedBudget.increment();
	}

	void denyOutage() {
		this.deniedOutage.increment();
	}

	void prefetch() {
		this.prefetches.increment();
	}

	void fallbackAdmitted(long permits) {
		this.fallbackAdmitted.add(permits);
	}

	/**
	 * Returns how many leases got all, part or none of what they asked for.
	 * @param outcome {@code full}, {@code partial} or {@code zero}
	 * @return the count
	 */
	public long leases(String outcome) {
		return switch (outcome) {
			case "full" -> this.leasesFull.sum();
			case "partial" -> this.leasesPartial.sum();
			case "zero" -> this.leasesZero.sum();
			default -> throw new IllegalArgumentException("outcome must be full, partial or zero: " + outcome);
		};
	}

	/**
	 * Returns how many lease calls were answered, zero grants included.
	 * @return the count
	 */
	public long leases() {
		return this.leasesFull.sum() + this.leasesPartial.sum() + this.leasesZero.sum();
	}

	/**
	 * Returns how many coordinator calls failed with a kind of error.
	 * @param kind the kind
	 * @return the count
	 */
	public long coordinatorErrors(Kind kind) {
		return this.errors.get(kind).sum();
	}

	/**
	 * Returns how many coordinator calls failed.
	 * @return the count
	 */
	public long coordinatorErrors() {
		return this.errors.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * Returns how many regional escrow calls failed.
	 * @return the count
	 */
	public long regionalErrors() {
		return this.regionalErrors.sum();
	}

	/**
	 * Returns units granted by the coordinator.
	 * @return the units
	 */
	public long grantedUnits() {
		return this.granted.sum();
	}

	/**
	 * Returns units granted that arrived past their deadline or for an older window.
	 * @return the units
	 */
	public long forfeitedUnits() {
		return this.forfeited.sum();
	}

	/**
	 * Returns units that reached their deadline unspent.
	 * @return the units
	 */
	public long expiredUnits() {
		return this.expired.sum();
	}

	/**
	 * Returns units given back and credited.
	 * @return the units
	 */
	public long returnedUnits() {
		return this.returned.sum();
	}

	/**
	 * Returns denials because the window's global budget was spent.
	 * @return the count
	 */
	public long deniedBudget() {
		return this.deniedBudget.sum();
	}

	/**
	 * Returns denials because the coordinator was unreachable and no escrow was left.
	 * @return the count
	 */
	public long deniedOutage() {
		return this.deniedOutage.sum();
	}

	/**
	 * Returns permits admitted from the regional-only fallback allowance.
	 * @return the permits
	 */
	public long fallbackAdmitted() {
		return this.fallbackAdmitted.sum();
	}

	/**
	 * Returns how many leases were started ahead of need, while the key still had escrow.
	 * @return the number of prefetches
	 */
	public long prefetches() {
		return this.prefetches.sum();
	}

}
