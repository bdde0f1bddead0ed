package dev.weir.federation;

/**
 * The coordinator's answer to a {@link LeaseRequest}.
 *
 * @param granted units granted, from 0 to the request's want; 0 when the window's budget is
 * spent or the coordinator is quarantined after losing its state
 * @param windowIndex the coordinator's window index, which never decreases
 * @param windowEndMillis the end of that window on the coordinator's clock
 * @param coordinatorNowMillis the coordinator's clock, read inside the operation
 * @param left units of the window's budget left after this grant
 */
public record LeaseGrant(long granted, long windowIndex, long windowEndMillis, long coordinatorNowMillis, long left) {

	public LeaseGrant {
		if (granted < 0) {
			throw new IllegalArgumentException("granted must not be negative: " + granted);
		}
		if (left < 0) {
			throw new IllegalArgumentException("left must not be negative: " + left);
		}
	}

	/**
	 * Returns how long the window still runs by the coordinator's clock, never negative.
	 * @return milliseconds to the window's end
	 */
	public long millisToEnd() {
		return Math.max(0, this.windowEndMillis - this.coordinatorNowMillis);
	}

}
