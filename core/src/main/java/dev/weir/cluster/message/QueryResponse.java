package dev.weir.cluster.message;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * A member's answer, or acknowledgement, to a {@link Query}.
 *
 * @param lamportTime the query's Lamport time
 * @param id the query's id
 * @param from the answering member
 * @param flags bit 0: this is an acknowledgement
 * @param payload the answer, or {@code null} for an acknowledgement
 */
public record QueryResponse(long lamportTime, long id, String from, long flags, byte @Nullable [] payload)
		implements SerfMessage {

	@Override
	public SerfMessageType type() {
		return SerfMessageType.QUERY_RESPONSE;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(5);
		writer.string("Flags").unsigned(this.flags);
		writer.string("From").string(this.from);
		writer.string("ID").unsigned(this.id);
		writer.string("LTime").unsigned(this.lamportTime);
		writer.string("Payload").bytes(this.payload);
	}

	/**
	 * Returns whether this is an acknowledgement rather than an answer.
	 * @return whether the ack flag is set
	 */
	public boolean isAck() {
		return (this.flags & Query.ACK) != 0;
	}

	static QueryResponse read(MsgpackReader reader) throws MalformedMessageException {
		long lamportTime = 0;
		long id = 0;
		String from = "";
		long flags = 0;
		byte[] payload = null;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "Flags" -> flags = reader.unsigned(0xffff_ffffL, key);
				case "From" -> from = reader.string();
				case "ID" -> id = reader.unsigned(0xffff_ffffL, key);
				case "LTime" -> lamportTime = reader.unsigned(Long.MAX_VALUE, key);
				case "Payload" -> payload = reader.bytes();
				default -> reader.skip();
			}
		}
		return new QueryResponse(lamportTime, id, from, flags, payload);
	}

}
