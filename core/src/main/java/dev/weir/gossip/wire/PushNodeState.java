package dev.weir.gossip.wire;

import org.jspecify.annotations.Nullable;

/**
 * One node as a push-pull exchange describes it.
 *
 * @param name the node's name
 * @param addr its address
 * @param port its port
 * @param meta its meta
 * @param incarnation its incarnation
 * @param state its state
 * @param versions its versions, or {@code null} if none were sent
 */
public record PushNodeState(String name, byte[] addr, int port, byte[] meta, long incarnation, NodeState state,
		@Nullable Versions versions) {

	void write(MsgpackWriter writer) {
		writer.mapHeader(7);
		writer.string("Addr").bytes(this.addr);
		writer.string("Incarnation").unsigned(this.incarnation);
		writer.string("Meta").bytes(this.meta);
		writer.string("Name").string(this.name);
		writer.string("Port").unsigned(this.port);
		writer.string("State").unsigned(this.state.ordinal());
		writer.string("Vsn").bytes((this.versions != null) ? this.versions.toBytes() : null);
	}

	static PushNodeState read(MsgpackReader reader) throws MalformedMessageException {
		String name = "";
		byte[] addr = new byte[0];
		int port = 0;
		byte[] meta = new byte[0];
		long incarnation = 0;
		NodeState state = NodeState.ALIVE;
		Versions versions = null;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "Name" -> name = reader.string();
				case "Addr" -> addr = reader.bytesOrEmpty();
				case "Port" -> port = (int) reader.unsigned(Fields.U16, key);
				case "Meta" -> meta = Fields.meta(reader);
				case "Incarnation" -> incarnation = reader.unsigned(Fields.U32, key);
				case "State" -> state = NodeState.of(reader.integer());
				case "Vsn" -> versions = Versions.fromBytes(reader.bytes());
				default -> reader.skip();
			}
		}
		return new PushNodeState(name, addr, port, meta, incarnation, state, versions);
	}

}
