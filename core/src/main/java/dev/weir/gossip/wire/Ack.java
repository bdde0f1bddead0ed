package dev.weir.gossip.wire;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link Ping}.
 *
 * @param seqNo the ping's sequence number
 * @param payload what the ping delegate adds (serf: network coordinates), or {@code null}
 */
public record Ack(long seqNo, byte @Nullable [] payload) implements Message {

	@Override
	public MessageType type() {
		return MessageType.ACK;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(2);
		writer.string("Payload").bytes(this.payload);
		writer.string("SeqNo").unsigned(this.seqNo);
	}

	static Ack read(MsgpackReader reader) throws MalformedMessageException {
		long seqNo = 0;
		byte[] payload = null;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "SeqNo" -> seqNo = reader.unsigned(Fields.U32, key);
				case "Payload" -> payload = reader.bytes();
				default -> reader.skip();
			}
		}
		return new Ack(seqNo, payload);
	}

}
