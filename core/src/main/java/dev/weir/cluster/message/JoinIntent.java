package dev.weir.cluster.message;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * A member's statement, at a Lamport time, that it is in the cluster.
 *
 * @param lamportTime the member clock's time
 * @param node the member
 */
public record JoinIntent(long lamportTime, String node) implements SerfMessage {

	@Override
	public SerfMessageType type() {
		return SerfMessageType.JOIN;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(2);
		writer.string("LTime").unsigned(this.lamportTime);
		writer.string("Node").string(this.node);
	}

	static JoinIntent read(MsgpackReader reader) throws MalformedMessageException {
		long lamportTime = 0;
		String node = "";
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "LTime" -> lamportTime = reader.unsigned(Long.MAX_VALUE, key);
				case "Node" -> node = reader.string();
				default -> reader.skip();
			}
		}
		return new JoinIntent(lamportTime, node);
	}

}
