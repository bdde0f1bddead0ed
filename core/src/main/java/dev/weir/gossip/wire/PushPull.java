package dev.weir.gossip.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A full state exchange over TCP: every node the sender knows, and the delegate's (serf's)
 * state as opaque bytes.
 *
 * @param join whether this exchange is a join rather than periodic anti-entropy
 * @param nodes the nodes, self included
 * @param userState the delegate's state, empty if none
 */
public record PushPull(boolean join, List<PushNodeState> nodes, byte[] userState) implements Message {

	/**
	 * Copies the node list.
	 */
	public PushPull {
		nodes = List.copyOf(nodes);
	}

	@Override
	public MessageType type() {
		return MessageType.PUSH_PULL;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(3);
		writer.string("Join").bool(this.join);
		writer.string("Nodes").unsigned(this.nodes.size());
		writer.string("UserStateLen").unsigned(this.userState.length);
		for (PushNodeState node : this.nodes) {
			node.write(writer);
		}
		writer.raw(this.userState);
	}

	static PushPull read(MsgpackReader reader, byte[] buffer) throws MalformedMessageException {
		boolean join = false;
		long count = 0;
		long userStateLength = 0;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "Join" -> join = reader.bool();
				case "Nodes" -> count = reader.unsigned(Integer.MAX_VALUE, key);
				case "UserStateLen" -> userStateLength = reader.unsigned(Integer.MAX_VALUE, key);
				default -> reader.skip();
			}
		}
		if (count > reader.remaining()) {
			throw new MalformedMessageException(DropReason.TRUNCATED,
					count + " nodes cannot fit in " + reader.remaining() + " bytes");
		}
		List<PushNodeState> nodes = new ArrayList<>((int) count);
		for (int i = 0; i < count; i++) {
			nodes.add(PushNodeState.read(reader));
		}
		if (userStateLength > reader.remaining()) {
			throw new MalformedMessageException(DropReason.TRUNCATED,
					"user state of " + userStateLength + " bytes, " + reader.remaining() + " left");
		}
		int start = reader.position();
		byte[] userState = Arrays.copyOfRange(buffer, start, start + (int) userStateLength);
		return new PushPull(join, nodes, userState);
	}

}
