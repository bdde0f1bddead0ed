package dev.weir.cluster.message;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * A member's statement, at a Lamport time, that it leaves (or, sent for a failed member, that
 * it is to be forgotten).
 *
 * @param lamportTime the member clock's time
 * @param node the member
 * @param prune whether to erase the member at once instead of keeping it as left
 */
public record LeaveIntent(long lamportTime, String node, boolean prune) implements SerfMessage {

	@Override
	public SerfMessageType type() {
		return SerfMessageType.LEAVE;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(3);
		writer.string("LTime").unsigned(this.lamportTime);
		writer.string("Node").string(this.node);
		writer.string("Prune").bool(this.prune);
	}

	static LeaveIntent read(MsgpackReader reader) throws MalformedMessageException {
		long lamportTime = 0;
		String node = "";
		boolean prune = false;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "LTime" -> lamportTime = reader.unsigned(Long.MAX_VALUE, key);
				case "Node" -> node = reader.string();
				case "Prune" -> prune = reader.bool();
				default -> reader.skip();
			}
		}
		return new LeaveIntent(lamportTime, node, prune);
	}

}
