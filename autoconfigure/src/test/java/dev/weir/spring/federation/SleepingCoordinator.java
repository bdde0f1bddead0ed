package dev.weir.spring.federation;

import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * A coordinator in front of another whose leases take 2 ms more, as a remote one's would.
 */
final class SleepingCoordinator implements GlobalCoordinator {

	private final GlobalCoordinator target;

	SleepingCoordinator(GlobalCoordinator target) {
		this.target = target;
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		try {
			Thread.sleep(2);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.target.lease(request);
	}

	@Override
	public long giveBack(GiveBackRequest request) {
		return this.target.giveBack(request);
	}

	@Override
	public long probe() {
		return this.target.probe();
	}

}
