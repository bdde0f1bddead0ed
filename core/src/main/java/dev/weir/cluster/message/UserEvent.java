package dev.weir.cluster.message;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * An application event gossiped to every member, ordered by the event clock.
 *
 * @param lamportTime the event clock's time
 * @param name the event's name
 * @param payload its payload
 * @param coalesce whether receivers may deliver only the newest event of a name
 */
public record UserEvent(long lamportTime, String name, byte[] payload, boolean coalesce) implements SerfMessage {

	@Override
	public SerfMessageType type() {
		return SerfMessageType.USER_EVENT;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(4);
		writer.string("CC").bool(this.coalesce);
		writer.string("LTime").unsigned(this.lamportTime);
		writer.string("Name").string(this.name);
		writer.string("Payload").bytes(this.payload);
	}

	static UserEvent read(MsgpackReader reader) throws MalformedMessageException {
		long lamportTime = 0;
		String name = "";
		byte[] payload = new byte[0];
		boolean coalesce = false;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "CC" -> coalesce = reader.bool();
				case "LTime" -> lamportTime = reader.unsigned(Long.MAX_VALUE, key);
				case "Name" -> name = reader.string();
				case "Payload" -> payload = reader.bytesOrEmpty();
				default -> reader.skip();
			}
		}
		return new UserEvent(lamportTime, name, payload, coalesce);
	}

}
