package dev.weir.gossip.wire;

import org.jspecify.annotations.Nullable;

/**
 * A probe: the receiver answers with an {@link Ack} of the same sequence number, to
 * {@code sourceAddr:sourcePort} if both are set, else to where the packet came from.
 *
 * @param seqNo the sequence number
 * @param node the name of the intended receiver, which ignores a ping for another name;
 * empty for any
 * @param sourceAddr the sender's address, or {@code null}
 * @param sourcePort the sender's port, or 0
 * @param sourceNode the sender's name, or empty
 */
public record Ping(long seqNo, String node, byte @Nullable [] sourceAddr, int sourcePort, String sourceNode)
		implements Message {

	@Override
	public MessageType type() {
		return MessageType.PING;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(2 + Source.count(this.sourceAddr, this.sourceNode, this.sourcePort));
		writer.string("Node").string(this.node);
		writer.string("SeqNo").unsigned(this.seqNo);
		Source.write(writer, this.sourceAddr, this.sourceNode, this.sourcePort);
	}

	static Ping read(MsgpackReader reader) throws MalformedMessageException {
		long seqNo = 0;
		String node = "";
		Source source = new Source();
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "SeqNo" -> seqNo = reader.unsigned(Fields.U32, key);
				case "Node" -> node = reader.string();
				default -> source.read(key, reader);
			}
		}
		return new Ping(seqNo, node, source.addr, source.port, source.node);
	}

}
