package dev.weir.cluster.message;

import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;

/**
 * Decodes serf messages from the payload of memberlist user messages (or push-pull user state).
 */
public final class SerfMessages {

	private SerfMessages() {
	}

	/**
	 * Decodes one serf message.
	 * @param bytes the type byte and the body
	 * @return the message
	 * @throws MalformedMessageException if it cannot be read, with
	 * {@link DropReason#UNKNOWN_TYPE} for a type Weir does not handle
	 */
	public static SerfMessage decode(byte[] bytes) throws MalformedMessageException {
		if (bytes.length == 0) {
			throw new MalformedMessageException(DropReason.TRUNCATED, "empty serf message");
		}
		SerfMessageType type = SerfMessageType.of(bytes[0] & 0xff);
		if (type == null) {
			throw new MalformedMessageException(DropReason.UNKNOWN_TYPE, "unknown serf message type " + (bytes[0] & 0xff));
		}
		MsgpackReader reader = new MsgpackReader(bytes, 1, bytes.length - 1);
		SerfMessage message = switch (type) {
			case JOIN -> JoinIntent.read(reader);
			case LEAVE -> LeaveIntent.read(reader);
			case USER_EVENT -> UserEvent.read(reader);
			case QUERY -> Query.read(reader);
			case QUERY_RESPONSE -> QueryResponse.read(reader);
			case PUSH_PULL -> SerfPushPull.read(reader);
			case CONFLICT_RESPONSE -> ConflictResponse.read(reader);
			default -> throw new MalformedMessageException(DropReason.UNKNOWN_TYPE, "serf " + type + " is not handled");
		};
		reader.expectEnd();
		return message;
	}

}
