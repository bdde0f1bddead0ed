package dev.weir.gossip.wire;

import java.util.Objects;

/**
 * Thrown by decoders for bytes that cannot be a message; the receiver drops them and counts
 * the {@link #reason()}. Carries no stack trace: bad input is expected, not a fault.
 */
public final class MalformedMessageException extends Exception {

	private static final long serialVersionUID = 1L;

	private final DropReason reason;

	/**
	 * Creates an exception.
	 * @param reason why the bytes are dropped
	 * @param message what was wrong, for the debug log
	 */
	public MalformedMessageException(DropReason reason, String message) {
		super(message, null, false, false);
		this.reason = Objects.requireNonNull(reason, "reason");
	}

	/**
	 * Returns why the bytes are dropped.
	 * @return the reason
	 */
	public DropReason reason() {
		return this.reason;
	}

}
