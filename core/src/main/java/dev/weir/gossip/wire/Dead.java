package dev.weir.gossip.wire;

/**
 * Gossip that a node is dead, or, when {@code from} is the node itself, that it left.
 *
 * @param incarnation the incarnation declared dead
 * @param node the node
 * @param from who declares it
 */
public record Dead(long incarnation, String node, String from) implements Message {

	@Override
	public MessageType type() {
		return MessageType.DEAD;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		Accusation.write(writer, this.from, this.incarnation, this.node);
	}

	/**
	 * Returns whether this is a graceful leave rather than a failure.
	 * @return whether the node declared itself
	 */
	public boolean isLeave() {
		return this.node.equals(this.from);
	}

	static Dead read(MsgpackReader reader) throws MalformedMessageException {
		Accusation accusation = Accusation.read(reader);
		return new Dead(accusation.incarnation, accusation.node, accusation.from);
	}

}
