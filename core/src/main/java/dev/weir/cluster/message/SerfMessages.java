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

	/**
	 * Decodes serf's push-pull state when more bytes may follow it. A serf agent reads one
	 * msgpack value after the type byte and ignores the rest, so Weir carries its own state
	 * there.
	 * @param bytes the type byte, the state and what follows
	 * @return the state, and where what follows it begins
	 * @throws MalformedMessageException if the state cannot be read or is not a push-pull
	 */
	public static PushPullAndTrailer decodePushPull(byte[] bytes) throws MalformedMessageException {
		if (bytes.length == 0) {
			throw new MalformedMessageException(DropReason.TRUNCATED, "empty serf message");
		}
		if (SerfMessageType.of(bytes[0] & 0xff) != SerfMessageType.PUSH_PULL) {
			throw new MalformedMessageException(DropReason.UNKNOWN_TYPE,
					"not a serf push-pull state: type " + (bytes[0] & 0xff));
		}
		MsgpackReader reader = new MsgpackReader(bytes, 1, bytes.length - 1);
		SerfPushPull state = SerfPushPull.read(reader);
		return new PushPullAndTrailer(state, reader.position());
	}

	/**
	 * Serf's push-pull state and the offset of the bytes after it.
	 * @param state the state
	 * @param trailerOffset where the bytes after it begin; the length of the input if none
	 */
	public record PushPullAndTrailer(SerfPushPull state, int trailerOffset) {
	}

}
