package dev.weir.gossip.wire;

import org.jspecify.annotations.Nullable;

/**
 * The first byte of every memberlist message.
 */
public enum MessageType {

	PING(0), INDIRECT_PING(1), ACK(2), SUSPECT(3), ALIVE(4), DEAD(5), PUSH_PULL(6), COMPOUND(7), USER(8),
	COMPRESS(9), ENCRYPT(10), NACK(11), HAS_CRC(12), ERROR(13), HAS_LABEL(244);

	private static final @Nullable MessageType[] BY_CODE = new MessageType[256];

	static {
		for (MessageType type : values()) {
			BY_CODE[type.code] = type;
		}
	}

	private final int code;

	MessageType(int code) {
		this.code = code;
	}

	/**
	 * Returns the byte that announces this type.
	 * @return the code, 0 to 255
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Returns the type a byte announces.
	 * @param code the byte, as an unsigned value
	 * @return the type, or {@code null} if unknown
	 */
	public static @Nullable MessageType of(int code) {
		return BY_CODE[code & 0xff];
	}

}
