package dev.weir.gossip.wire;

/**
 * Sent by the intermediary of an {@link IndirectPing} when the target did not answer in time.
 *
 * @param seqNo the indirect ping's sequence number
 */
public record Nack(long seqNo) implements Message {

	@Override
	public MessageType type() {
		return MessageType.NACK;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(1);
		writer.string("SeqNo").unsigned(this.seqNo);
	}

	static Nack read(MsgpackReader reader) throws MalformedMessageException {
		long seqNo = 0;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			if (key.equals("SeqNo")) {
				seqNo = reader.unsigned(Fields.U32, key);
			}
			else {
				reader.skip();
			}
		}
		return new Nack(seqNo);
	}

}
