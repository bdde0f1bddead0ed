package dev.weir.gossip.wire;

import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The CRC wrapper of memberlist protocol 5 ({@code hasCrcMsg}): {@code [12][crc32 BE][message]},
 * where the checksum is CRC-32 (IEEE) of the message. memberlist's {@code ingestPacket}
 * verifies it on any packet of at least 5 bytes that starts with 12.
 */
final class Crc {

	/**
	 * memberlist's {@code hasCrcMsg} type byte.
	 */
	static final int TYPE = 12;

	/**
	 * Bytes before the wrapped message: the type byte and the checksum.
	 */
	static final int HEADER_LENGTH = 5;

	private Crc() {
	}

	/**
	 * Computes the checksum memberlist writes.
	 * @param buffer the bytes
	 * @param offset where the checksummed bytes start
	 * @param length how many bytes to checksum
	 * @return the CRC-32 as an unsigned 32-bit value in an {@code int}
	 */
	static int checksum(byte[] buffer, int offset, int length) {
		CRC32 crc = new CRC32();
		crc.update(buffer, offset, length);
		return (int) crc.getValue();
	}

	/**
	 * Wraps a message.
	 * @param message the message (possibly compressed or compound)
	 * @return {@code [12][crc32 BE][message]}
	 */
	static byte[] wrap(byte[] message) {
		Objects.requireNonNull(message, "message");
		byte[] packet = new byte[HEADER_LENGTH + message.length];
		packet[0] = (byte) TYPE;
		int crc = checksum(message, 0, message.length);
		packet[1] = (byte) (crc >>> 24);
		packet[2] = (byte) (crc >>> 16);
		packet[3] = (byte) (crc >>> 8);
		packet[4] = (byte) crc;
		System.arraycopy(message, 0, packet, HEADER_LENGTH, message.length);
		return packet;
	}

	/**
	 * Tells whether memberlist would treat a packet as CRC-wrapped: at least 5 bytes, the first
	 * being 12. Shorter packets starting with 12 go to the type dispatch, which drops them.
	 * @param packet the packet, after decryption
	 * @return whether it carries a CRC header
	 */
	static boolean isWrapped(byte[] packet) {
		return packet.length >= HEADER_LENGTH && (packet[0] & 0xff) == TYPE;
	}

	/**
	 * Checks the CRC header of a packet without copying it.
	 * @param packet the packet, starting with the type byte 12
	 * @return the offset of the wrapped message, {@link #HEADER_LENGTH}
	 * @throws MalformedMessageException with {@link DropReason#TRUNCATED} if the packet is
	 * shorter than the header, {@link DropReason#MALFORMED} if it does not start with 12, or
	 * {@link DropReason#BAD_CRC} if the checksum does not match
	 */
	static int verify(byte[] packet) throws MalformedMessageException {
		if (packet.length < HEADER_LENGTH) {
			throw new MalformedMessageException(DropReason.TRUNCATED,
					"CRC header needs " + HEADER_LENGTH + " bytes, got " + packet.length);
		}
		if ((packet[0] & 0xff) != TYPE) {
			throw new MalformedMessageException(DropReason.MALFORMED,
					"CRC header starts with " + (packet[0] & 0xff) + " instead of " + TYPE);
		}
		int expected = ((packet[1] & 0xff) << 24) | ((packet[2] & 0xff) << 16) | ((packet[3] & 0xff) << 8)
				| (packet[4] & 0xff);
		int actual = checksum(packet, HEADER_LENGTH, packet.length - HEADER_LENGTH);
		if (expected != actual) {
			throw new MalformedMessageException(DropReason.BAD_CRC, "CRC " + Integer.toHexString(actual)
					+ " does not match the header's " + Integer.toHexString(expected));
		}
		return HEADER_LENGTH;
	}

	/**
	 * Checks the CRC header of a packet and returns the message it wraps.
	 * @param packet the packet, starting with the type byte 12
	 * @return a copy of the wrapped message
	 * @throws MalformedMessageException as {@link #verify(byte[])}
	 */
	static byte[] unwrap(byte[] packet) throws MalformedMessageException {
		int offset = verify(packet);
		return Arrays.copyOfRange(packet, offset, packet.length);
	}

}
