package dev.weir.spring.federation;

import dev.weir.federation.ForwardingCoordinator;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * A coordinator in front of another whose leases take 2 ms more, as a remote one's would.
 */
final class SleepingCoordinator extends ForwardingCoordinator {

	SleepingCoordinator(GlobalCoordinator target) {
		super(target);
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		try {
			Thread.sleep(2);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return delegate().lease(request);
	}

}
