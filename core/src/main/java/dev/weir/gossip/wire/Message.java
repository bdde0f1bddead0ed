package dev.weir.gossip.wire;

/**
 * A memberlist message: one type byte and one msgpack body. Compound, compressed and CRC
 * wrappers are framing, not messages: {@link Packets} handles them.
 *
 * <p>Byte-array components (addresses, meta, payloads) are the wire bytes, shared, not
 * copied; records compare them by identity, so compare messages through their encoding.
 */
public sealed interface Message permits Ping, IndirectPing, Ack, Nack, Suspect, Alive, Dead, PushPull, UserMessage,
		ErrorResponse {

	/**
	 * Returns the message's type.
	 * @return the type
	 */
	MessageType type();

	/**
	 * Writes the body, without the type byte.
	 * @param writer where to write
	 */
	void writeBody(MsgpackWriter writer);

	/**
	 * Returns the message with its type byte, as it goes in a packet or a compound.
	 * @return the bytes
	 */
	default byte[] encode() {
		MsgpackWriter writer = new MsgpackWriter(128);
		writer.rawByte(type().code());
		writeBody(writer);
		return writer.toByteArray();
	}

}
