package dev.weir.cluster.message;

import dev.weir.gossip.wire.MsgpackWriter;

/**
 * A serf message: one type byte and one msgpack body, carried in a memberlist user message or,
 * for {@link SerfPushPull}, in the push-pull user state.
 */
public sealed interface SerfMessage permits JoinIntent, LeaveIntent, UserEvent, Query, QueryResponse, SerfPushPull,
		ConflictResponse {

	/**
	 * Returns the message's type.
	 * @return the type
	 */
	SerfMessageType type();

	/**
	 * Writes the body, keys in byte order as Go's codec writes them.
	 * @param writer where to write
	 */
	void writeBody(MsgpackWriter writer);

	/**
	 * Returns the message with its type byte.
	 * @return the bytes
	 */
	default byte[] encode() {
		MsgpackWriter writer = new MsgpackWriter(64);
		writer.rawByte(type().code());
		writeBody(writer);
		return writer.toByteArray();
	}

}
