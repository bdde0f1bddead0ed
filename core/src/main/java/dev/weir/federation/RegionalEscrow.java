package dev.weir.federation;

/**
 * A store shared by the processes of one region that holds granted units between them (SPI),
 * so that a region leases in larger batches and keeps serving granted units while the
 * coordinator is unreachable.
 *
 * <p>Entries carry the coordinator's window index and end (coordinator milliseconds); the store
 * never judges expiry by its own clock. Each operation is atomic per key. A taker converts the
 * end with its own latest coordinator exchange and drains units already past that deadline
 * instead of using them.
 */
public interface RegionalEscrow {

	/**
	 * Adds granted units: to the balance of the same window, replacing the balance of an older
	 * window, never to a newer window's.
	 * @param limiter the limiter's name
	 * @param key the rate-limit key
	 * @param windowIndex the coordinator window the units were granted for
	 * @param windowEndMillis that window's end on the coordinator's clock
	 * @param units how many, 1 or more
	 * @return the units accepted: all of them, or 0 if the store holds a newer window
	 * @throws CoordinatorException if the store cannot answer
	 */
	long deposit(String limiter, String key, long windowIndex, long windowEndMillis, long units);

	/**
	 * Takes up to {@code want} units of the newest window held.
	 * @param limiter the limiter's name
	 * @param key the rate-limit key
	 * @param want how many, 1 or more
	 * @return what was taken, possibly nothing
	 * @throws CoordinatorException if the store cannot answer
	 */
	EscrowTake take(String limiter, String key, long want);

	/**
	 * Units taken from a {@link RegionalEscrow}.
	 *
	 * @param units how many, 0 if the store held none
	 * @param windowIndex the coordinator window they belong to
	 * @param windowEndMillis its end on the coordinator's clock
	 */
	record EscrowTake(long units, long windowIndex, long windowEndMillis) {

		/**
		 * Nothing taken.
		 */
		public static final EscrowTake NONE = new EscrowTake(0, Long.MIN_VALUE, Long.MIN_VALUE);

		public EscrowTake {
			if (units < 0) {
				throw new IllegalArgumentException("units must not be negative: " + units);
			}
		}

	}

}
