package dev.weir.cluster.message;

import org.jspecify.annotations.Nullable;

/**
 * The first byte of a serf message, inside a memberlist user message.
 */
public enum SerfMessageType {

	LEAVE(0), JOIN(1), PUSH_PULL(2), USER_EVENT(3), QUERY(4), QUERY_RESPONSE(5), CONFLICT_RESPONSE(6),
	KEY_REQUEST(7), KEY_RESPONSE(8), RELAY(9);

	private final int code;

	SerfMessageType(int code) {
		this.code = code;
	}

	/**
	 * Returns the byte that announces this type.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Returns the type a byte announces.
	 * @param code the byte, unsigned
	 * @return the type, or {@code null} if unknown
	 */
	public static @Nullable SerfMessageType of(int code) {
		for (SerfMessageType type : values()) {
			if (type.code == code) {
				return type;
			}
		}
		return null;
	}

}
