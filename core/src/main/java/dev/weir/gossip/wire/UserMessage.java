package dev.weir.gossip.wire;

/**
 * Bytes that memberlist carries for its delegate (serf, or Weir's own state messages). In a
 * packet they follow the type byte as they are; on a stream a {@code UserMsgLen} header comes
 * first.
 *
 * @param payload the delegate's bytes
 */
public record UserMessage(byte[] payload) implements Message {

	@Override
	public MessageType type() {
		return MessageType.USER;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.raw(this.payload);
	}

}
