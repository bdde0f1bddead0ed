package dev.weir.gossip.wire;

/**
 * The body that {@link Suspect} and {@link Dead} share: {@code From}, {@code Incarnation},
 * {@code Node}.
 */
final class Accusation {

	long incarnation;

	String node = "";

	String from = "";

	static void write(MsgpackWriter writer, String from, long incarnation, String node) {
		writer.mapHeader(3);
		writer.string("From").string(from);
		writer.string("Incarnation").unsigned(incarnation);
		writer.string("Node").string(node);
	}

	static Accusation read(MsgpackReader reader) throws MalformedMessageException {
		Accusation accusation = new Accusation();
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "Incarnation" -> accusation.incarnation = reader.unsigned(Fields.U32, key);
				case "Node" -> accusation.node = reader.string();
				case "From" -> accusation.from = reader.string();
				default -> reader.skip();
			}
		}
		return accusation;
	}

}
