package dev.weir.federation;

import java.util.HashMap;
import java.util.Map;

/**
 * The coordinator's record of one key's current window: the rules of {@link GlobalCoordinator}
 * as plain Java, for {@link InMemoryCoordinator}. The Redis script and the PostgreSQL function
 * implement the same steps. Not thread-safe: the caller makes each operation atomic.
 */
final class KeyLedger {

	private long windowIndex = Long.MIN_VALUE;

	private long windowMillis;

	private long limit;

	private long granted;

	private long returned;

	private final Map<String, Holder> holders = new HashMap<>();

	/**
	 * Grants units at coordinator time {@code now}. {@code stateLostAt} is when the store found
	 * its state lost ({@code Long.MIN_VALUE} if never): a window that started by then may have
	 * escrow out that the store forgot, so it grants nothing (quarantine).
	 */
	LeaseGrant lease(LeaseRequest request, long now, long stateLostAt) {
		long computed = Math.floorDiv(now, request.windowMillis());
		boolean known = this.windowIndex != Long.MIN_VALUE;
		if (known && (request.windowMillis() != this.windowMillis
				|| (request.limit() != this.limit && computed <= this.windowIndex))) {
			throw mismatch(request);
		}
		if (computed > this.windowIndex) {
			this.windowIndex = computed;
			this.windowMillis = request.windowMillis();
			this.limit = request.limit();
			this.granted = 0;
			this.returned = 0;
			this.holders.clear();
		}
		long end = (this.windowIndex + 1) * this.windowMillis;
		Holder holder = this.holders.computeIfAbsent(request.holder(), (name) -> new Holder());
		if (holder.lastRequestId == request.requestId()) {
			return new LeaseGrant(holder.lastGrant, this.windowIndex, end, now, left());
		}
		long grant = (this.windowIndex * this.windowMillis <= stateLostAt) ? 0 : Math.min(request.want(), left());
		this.granted += grant;
		holder.granted += grant;
		holder.lastRequestId = request.requestId();
		holder.lastGrant = grant;
		return new LeaseGrant(grant, this.windowIndex, end, now, left());
	}

	long giveBack(GiveBackRequest request) {
		Holder holder = this.holders.get(request.holder());
		if (holder == null || request.windowIndex() != this.windowIndex || request.seq() <= holder.lastSeq
				|| request.units() > holder.granted - holder.returned) {
			return 0;
		}
		holder.lastSeq = request.seq();
		holder.returned += request.units();
		this.returned += request.units();
		return request.units();
	}

	long windowIndex() {
		return this.windowIndex;
	}

	private long left() {
		return Math.max(0, this.limit - this.granted + this.returned);
	}

	private CoordinatorException mismatch(LeaseRequest request) {
		return new CoordinatorException(CoordinatorException.Kind.CONFIG_MISMATCH,
				"limiter '" + request.limiter() + "' asks for limit " + request.limit() + " per "
						+ request.windowMillis() + "ms but the coordinator holds limit " + this.limit + " per "
						+ this.windowMillis + "ms for the current window; every region must configure it alike");
	}

	private static final class Holder {

		long granted;

		long returned;

		long lastSeq = Long.MIN_VALUE;

		long lastRequestId = Long.MIN_VALUE;

		long lastGrant;

	}

}
