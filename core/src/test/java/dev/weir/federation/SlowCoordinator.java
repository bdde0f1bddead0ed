package dev.weir.federation;

import java.util.function.LongSupplier;

import dev.weir.time.ManualClock;

/**
 * A coordinator in front of another that advances a manual clock before and after each call,
 * as the network would: the request's transit, then the reply's.
 */
final class SlowCoordinator extends ForwardingCoordinator {

	private final ManualClock clock;

	private final LongSupplier requestNanos;

	private final LongSupplier replyNanos;

	SlowCoordinator(GlobalCoordinator target, ManualClock clock, LongSupplier requestNanos, LongSupplier replyNanos) {
		super(target);
		this.clock = clock;
		this.requestNanos = requestNanos;
		this.replyNanos = replyNanos;
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		this.clock.advanceNanos(this.requestNanos.getAsLong());
		LeaseGrant grant = delegate().lease(request);
		this.clock.advanceNanos(this.replyNanos.getAsLong());
		return grant;
	}

}
