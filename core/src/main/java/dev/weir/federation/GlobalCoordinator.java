package dev.weir.federation;

/**
 * The one cross-region store that owns each key's global budget (SPI).
 *
 * <p>Every operation is one atomic, linearizable step on one key, and reads the coordinator's
 * own clock inside that step. An implementation must keep these rules, which together make
 * Δ = 0 hold (docs/FEDERATION.md):
 * <ul>
 * <li>the window index is the greatest of the stored one and floor(now / window): it never
 * decreases, so a clock stepped back stretches a window and never reopens one;</li>
 * <li>when the index increases the window's counters reset and the caller's limit becomes the
 * window's snapshot; a caller whose limit or window differs from the snapshot gets a
 * {@link CoordinatorException} of kind {@link CoordinatorException.Kind#CONFIG_MISMATCH};</li>
 * <li>grant = min(want, limit − granted + returned);</li>
 * <li>a give-back is credited only into the current window, only with a sequence number above
 * the holder's last one, and never beyond the holder's net grant;</li>
 * <li>if the store finds its state lost (its start marker missing), it grants nothing until the
 * window index increases (quarantine).</li>
 * </ul>
 * Implementations throw {@link CoordinatorException} when they cannot answer; they never block
 * longer than their own timeout.
 */
public interface GlobalCoordinator {

	/**
	 * Grants units of a key's budget in the current window.
	 * @param request the request
	 * @return the grant, possibly zero
	 * @throws CoordinatorException if the coordinator cannot answer or the configuration differs
	 */
	LeaseGrant lease(LeaseRequest request);

	/**
	 * Returns units to the window they were granted for.
	 * @param request the give-back
	 * @return how many units were credited: all of them, or 0 if the window has rolled, the
	 * sequence number is not new or the units exceed the holder's net grant
	 * @throws CoordinatorException if the coordinator cannot answer
	 */
	long giveBack(GiveBackRequest request);

	/**
	 * Checks that the coordinator answers and reads its clock.
	 * @return the coordinator's clock in milliseconds since the epoch
	 * @throws CoordinatorException if the coordinator cannot answer
	 */
	long probe();

}
