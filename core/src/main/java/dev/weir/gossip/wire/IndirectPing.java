package dev.weir.gossip.wire;

import org.jspecify.annotations.Nullable;

/**
 * A request to probe a node on the sender's behalf and relay its ack (and, if asked, a
 * {@link Nack} when none comes in time).
 *
 * @param seqNo the sender's sequence number, echoed in the relayed ack or nack
 * @param target the address of the node to probe
 * @param port its port
 * @param node its name
 * @param nack whether the sender wants a nack if the target does not answer
 * @param sourceAddr the sender's address, or {@code null}
 * @param sourcePort the sender's port, or 0
 * @param sourceNode the sender's name, or empty
 */
public record IndirectPing(long seqNo, byte[] target, int port, String node, boolean nack,
		byte @Nullable [] sourceAddr, int sourcePort, String sourceNode) implements Message {

	@Override
	public MessageType type() {
		return MessageType.INDIRECT_PING;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(5 + Source.count(this.sourceAddr, this.sourceNode, this.sourcePort));
		writer.string("Nack").bool(this.nack);
		writer.string("Node").string(this.node);
		writer.string("Port").unsigned(this.port);
		writer.string("SeqNo").unsigned(this.seqNo);
		Source.write(writer, this.sourceAddr, this.sourceNode, this.sourcePort);
		writer.string("Target").bytes(this.target);
	}

	static IndirectPing read(MsgpackReader reader) throws MalformedMessageException {
		long seqNo = 0;
		byte[] target = new byte[0];
		int port = 0;
		String node = "";
		boolean nack = false;
		Source source = new Source();
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "SeqNo" -> seqNo = reader.unsigned(Fields.U32, key);
				case "Target" -> target = reader.bytesOrEmpty();
				case "Port" -> port = (int) reader.unsigned(Fields.U16, key);
				case "Node" -> node = reader.string();
				case "Nack" -> nack = reader.bool();
				default -> source.read(key, reader);
			}
		}
		return new IndirectPing(seqNo, target, port, node, nack, source.addr, source.port, source.node);
	}

}
