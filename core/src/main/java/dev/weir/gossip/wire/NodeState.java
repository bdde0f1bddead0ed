package dev.weir.gossip.wire;

/**
 * A member's state as memberlist gossips it, in wire order.
 */
public enum NodeState {

	ALIVE, SUSPECT, DEAD, LEFT;

	private static final NodeState[] VALUES = values();

	/**
	 * Returns the state a wire value stands for.
	 * @param value the wire value
	 * @return the state
	 * @throws MalformedMessageException if the value is not a state
	 */
	static NodeState of(long value) throws MalformedMessageException {
		if (value < 0 || value >= VALUES.length) {
			throw new MalformedMessageException(DropReason.MALFORMED, "unknown node state " + value);
		}
		return VALUES[(int) value];
	}

}
