package dev.weir.federation;

import java.util.Objects;

/**
 * A {@link GlobalCoordinator} that passes every operation to another, for decorators that add
 * to some operations only — metrics, tracing, a delay in a test or a benchmark — and override
 * just those.
 */
public abstract class ForwardingCoordinator implements GlobalCoordinator {

	private final GlobalCoordinator delegate;

	/**
	 * Creates a coordinator that forwards to another.
	 * @param delegate the coordinator that answers
	 */
	protected ForwardingCoordinator(GlobalCoordinator delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
	}

	/**
	 * Returns the coordinator that answers.
	 * @return the delegate
	 */
	protected final GlobalCoordinator delegate() {
		return this.delegate;
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		return this.delegate.lease(request);
	}

	@Override
	public long giveBack(GiveBackRequest request) {
		return this.delegate.giveBack(request);
	}

	@Override
	public long probe() {
		return this.delegate.probe();
	}

}
