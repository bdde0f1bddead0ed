package dev.weir.cluster.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * A question gossiped to the members a filter selects, answered directly to its sender.
 *
 * @param lamportTime the query clock's time
 * @param id the query's id, chosen by the sender
 * @param addr the sender's address, where responses go
 * @param port the sender's port
 * @param sourceNode the sender's name
 * @param filters encoded filters, each a type byte and a msgpack body, or {@code null}
 * @param flags bit 0: acks wanted; bit 1: do not re-gossip
 * @param relayFactor how many members relay each response too
 * @param timeout how long the sender waits
 * @param name the query's name
 * @param payload its payload
 */
public record Query(long lamportTime, long id, byte[] addr, int port, String sourceNode, @Nullable List<byte[]> filters,
		long flags, int relayFactor, Duration timeout, String name, byte[] payload) implements SerfMessage {

	/**
	 * The flag asking members to acknowledge the query.
	 */
	public static final long ACK = 1;

	/**
	 * The flag asking members not to gossip the query on.
	 */
	public static final long NO_BROADCAST = 2;

	@Override
	public SerfMessageType type() {
		return SerfMessageType.QUERY;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(11);
		writer.string("Addr").bytes(this.addr);
		writer.string("Filters");
		if (this.filters == null) {
			writer.nil();
		}
		else {
			writer.arrayHeader(this.filters.size());
			this.filters.forEach(writer::bytes);
		}
		writer.string("Flags").unsigned(this.flags);
		writer.string("ID").unsigned(this.id);
		writer.string("LTime").unsigned(this.lamportTime);
		writer.string("Name").string(this.name);
		writer.string("Payload").bytes(this.payload);
		writer.string("Port").unsigned(this.port);
		writer.string("RelayFactor").unsigned(this.relayFactor);
		writer.string("SourceNode").string(this.sourceNode);
		writer.string("Timeout").integer(this.timeout.toNanos());
	}

	static Query read(MsgpackReader reader) throws MalformedMessageException {
		long lamportTime = 0;
		long id = 0;
		byte[] addr = new byte[0];
		int port = 0;
		String sourceNode = "";
		List<byte[]> filters = null;
		long flags = 0;
		int relayFactor = 0;
		long timeout = 0;
		String name = "";
		byte[] payload = new byte[0];
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "Addr" -> addr = reader.bytesOrEmpty();
				case "Filters" -> {
					if (reader.nextIsNil()) {
						reader.nil();
					}
					else {
						int count = reader.arrayHeader();
						filters = new ArrayList<>(count);
						for (int f = 0; f < count; f++) {
							filters.add(reader.bytesOrEmpty());
						}
					}
				}
				case "Flags" -> flags = reader.unsigned(0xffff_ffffL, key);
				case "ID" -> id = reader.unsigned(0xffff_ffffL, key);
				case "LTime" -> lamportTime = reader.unsigned(Long.MAX_VALUE, key);
				case "Name" -> name = reader.string();
				case "Payload" -> payload = reader.bytesOrEmpty();
				case "Port" -> port = (int) reader.unsigned(0xffff, key);
				case "RelayFactor" -> relayFactor = (int) reader.unsigned(0xff, key);
				case "SourceNode" -> sourceNode = reader.string();
				case "Timeout" -> timeout = reader.integer();
				default -> reader.skip();
			}
		}
		return new Query(lamportTime, id, addr, port, sourceNode, filters, flags, relayFactor, Duration.ofNanos(timeout),
				name, payload);
	}

}
