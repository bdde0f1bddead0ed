package dev.weir.gossip.wire;

import org.jspecify.annotations.Nullable;

/**
 * The optional {@code SourceAddr}, {@code SourceNode} and {@code SourcePort} fields that pings
 * and indirect pings share; each is left out when empty.
 */
final class Source {

	byte @Nullable [] addr;

	String node = "";

	int port;

	void read(String key, MsgpackReader reader) throws MalformedMessageException {
		switch (key) {
			case "SourceAddr" -> this.addr = reader.bytes();
			case "SourceNode" -> this.node = reader.string();
			case "SourcePort" -> this.port = (int) reader.unsigned(Fields.U16, key);
			default -> reader.skip();
		}
	}

	static int count(byte @Nullable [] addr, String node, int port) {
		return ((addr != null && addr.length > 0) ? 1 : 0) + (node.isEmpty() ? 0 : 1) + ((port != 0) ? 1 : 0);
	}

	static void write(MsgpackWriter writer, byte @Nullable [] addr, String node, int port) {
		if (addr != null && addr.length > 0) {
			writer.string("SourceAddr").bytes(addr);
		}
		if (!node.isEmpty()) {
			writer.string("SourceNode").string(node);
		}
		if (port != 0) {
			writer.string("SourcePort").unsigned(port);
		}
	}

}
