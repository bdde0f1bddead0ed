package dev.weir.gossip.wire;

/**
 * Gossip that a node failed a probe.
 *
 * @param incarnation the incarnation the accuser knows
 * @param node the suspected node
 * @param from the accuser
 */
public record Suspect(long incarnation, String node, String from) implements Message {

	@Override
	public MessageType type() {
		return MessageType.SUSPECT;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		Accusation.write(writer, this.from, this.incarnation, this.node);
	}

	static Suspect read(MsgpackReader reader) throws MalformedMessageException {
		Accusation accusation = Accusation.read(reader);
		return new Suspect(accusation.incarnation, accusation.node, accusation.from);
	}

}
