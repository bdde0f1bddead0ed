package dev.weir.gossip.wire;

import org.jspecify.annotations.Nullable;

/**
 * Gossip that a node is alive at an incarnation, with its address, meta and versions; also how
 * a node announces itself and its new meta.
 *
 * @param incarnation the incarnation
 * @param node the node's name
 * @param addr its address, 4 or 16 bytes
 * @param port its port
 * @param meta its meta (serf: tags), at most 512 bytes
 * @param versions its versions, or {@code null} if it sent none
 */
public record Alive(long incarnation, String node, byte[] addr, int port, byte[] meta, @Nullable Versions versions)
		implements Message {

	/**
	 * The largest meta memberlist accepts.
	 */
	public static final int MAX_META = 512;

	@Override
	public MessageType type() {
		return MessageType.ALIVE;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(6);
		writer.string("Addr").bytes(this.addr);
		writer.string("Incarnation").unsigned(this.incarnation);
		writer.string("Meta").bytes(this.meta);
		writer.string("Node").string(this.node);
		writer.string("Port").unsigned(this.port);
		writer.string("Vsn").bytes((this.versions != null) ? this.versions.toBytes() : null);
	}

	static Alive read(MsgpackReader reader) throws MalformedMessageException {
		long incarnation = 0;
		String node = "";
		byte[] addr = new byte[0];
		int port = 0;
		byte[] meta = new byte[0];
		Versions versions = null;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "Incarnation" -> incarnation = reader.unsigned(Fields.U32, key);
				case "Node" -> node = reader.string();
				case "Addr" -> addr = reader.bytesOrEmpty();
				case "Port" -> port = (int) reader.unsigned(Fields.U16, key);
				case "Meta" -> meta = Fields.meta(reader);
				case "Vsn" -> versions = Versions.fromBytes(reader.bytes());
				default -> reader.skip();
			}
		}
		return new Alive(incarnation, node, addr, port, meta, versions);
	}

}
