package dev.weir.gossip.wire;

import java.util.Arrays;
import java.util.List;

/**
 * The framing of UDP packets around messages: compound, compression and the CRC header, and
 * the decoding of a received packet (already decrypted) into its messages.
 *
 * <p>On the wire the nesting is {@code crc(compress(compound(...) | message))}; a compound's
 * parts may themselves be compound or compressed, as memberlist allows.
 */
public final class Packets {

	/**
	 * The most parts a compound can hold: its count is one byte.
	 */
	public static final int MAX_COMPOUND_PARTS = 255;

	/**
	 * The bytes a compound spends on its header ({@code [7][count]}).
	 */
	public static final int COMPOUND_HEADER = 2;

	/**
	 * The bytes a compound spends on each part's length.
	 */
	public static final int COMPOUND_OVERHEAD_PER_PART = 2;

	/**
	 * The bytes of the CRC header ({@code [12][crc32]}).
	 */
	public static final int CRC_HEADER = Crc.HEADER_LENGTH;

	private static final int MAX_NESTING = 4;

	private Packets() {
	}

	/**
	 * Receives what a packet holds.
	 */
	public interface Receiver {

		/**
		 * Called for each message of the packet, in order.
		 * @param message the message
		 */
		void message(Message message);

		/**
		 * Called for each part of the packet that had to be dropped; the parts before it have
		 * been delivered.
		 * @param reason why
		 * @param detail what was wrong, for the debug log
		 */
		void dropped(DropReason reason, String detail);

	}

	/**
	 * Decodes a received packet (after decryption) and hands each message to the receiver.
	 * Never throws for bad input: what cannot be read is reported as dropped.
	 * @param packet the packet
	 * @param maxDecompressed the most bytes the compressed parts of the packet may expand to,
	 * together
	 * @param receiver what gets the messages
	 */
	public static void decode(byte[] packet, int maxDecompressed, Receiver receiver) {
		if (packet.length == 0) {
			receiver.dropped(DropReason.TRUNCATED, "empty packet");
			return;
		}
		int offset = 0;
		if (Crc.isWrapped(packet)) {
			try {
				offset = Crc.verify(packet);
			}
			catch (MalformedMessageException ex) {
				receiver.dropped(ex.reason(), ex.getMessage());
				return;
			}
		}
		decode(packet, offset, packet.length - offset, new int[] { maxDecompressed }, receiver, 0);
	}

	/**
	 * Decodes one part; {@code budget[0]} is what every compressed part of the packet may still
	 * expand to, shared, so that a compound of many compressed parts cannot multiply the cap.
	 */
	private static void decode(byte[] buffer, int offset, int length, int[] budget, Receiver receiver, int depth) {
		if (length == 0) {
			receiver.dropped(DropReason.TRUNCATED, "empty message");
			return;
		}
		if (depth > MAX_NESTING) {
			receiver.dropped(DropReason.MALFORMED, "wrappers nested deeper than " + MAX_NESTING);
			return;
		}
		int code = buffer[offset] & 0xff;
		if (code == MessageType.COMPOUND.code()) {
			decodeCompound(buffer, offset, length, budget, receiver, depth);
			return;
		}
		try {
			if (code == MessageType.COMPRESS.code()) {
				byte[] plain = decompress(buffer, offset + 1, length - 1, budget[0]);
				budget[0] -= plain.length;
				decode(plain, 0, plain.length, budget, receiver, depth + 1);
				return;
			}
			receiver.message(decodeMessage(buffer, offset, length));
		}
		catch (MalformedMessageException ex) {
			receiver.dropped(ex.reason(), ex.getMessage());
		}
	}

	private static void decodeCompound(byte[] buffer, int offset, int length, int[] budget, Receiver receiver,
			int depth) {
		if (length < COMPOUND_HEADER) {
			receiver.dropped(DropReason.TRUNCATED, "compound without a count");
			return;
		}
		int parts = buffer[offset + 1] & 0xff;
		int lengths = offset + COMPOUND_HEADER;
		int body = lengths + parts * COMPOUND_OVERHEAD_PER_PART;
		int end = offset + length;
		if (body > end) {
			receiver.dropped(DropReason.TRUNCATED, "compound of " + parts + " parts without their lengths");
			return;
		}
		for (int i = 0; i < parts; i++) {
			int partLength = ((buffer[lengths + 2 * i] & 0xff) << 8) | (buffer[lengths + 2 * i + 1] & 0xff);
			if (body + partLength > end) {
				receiver.dropped(DropReason.TRUNCATED, "compound part " + (i + 1) + " of " + parts + " is cut short");
				return;
			}
			decode(buffer, body, partLength, budget, receiver, depth + 1);
			body += partLength;
		}
	}

	/**
	 * Decodes one plain message: a type byte and its body, no wrapper.
	 * @param buffer the bytes
	 * @param offset where the type byte is
	 * @param length the message's length, type byte included
	 * @return the message
	 * @throws MalformedMessageException if it cannot be read
	 */
	public static Message decodeMessage(byte[] buffer, int offset, int length) throws MalformedMessageException {
		if (length < 1) {
			throw new MalformedMessageException(DropReason.TRUNCATED, "empty message");
		}
		int code = buffer[offset] & 0xff;
		MessageType type = MessageType.of(code);
		if (type == null) {
			throw new MalformedMessageException(DropReason.UNKNOWN_TYPE, "unknown message type " + code);
		}
		MsgpackReader reader = new MsgpackReader(buffer, offset + 1, length - 1);
		Message message = switch (type) {
			case PING -> Ping.read(reader);
			case INDIRECT_PING -> IndirectPing.read(reader);
			case ACK -> Ack.read(reader);
			case NACK -> Nack.read(reader);
			case SUSPECT -> Suspect.read(reader);
			case ALIVE -> Alive.read(reader);
			case DEAD -> Dead.read(reader);
			case ERROR -> ErrorResponse.read(reader);
			case PUSH_PULL -> PushPull.read(reader, buffer);
			case USER -> new UserMessage(Arrays.copyOfRange(buffer, offset + 1, offset + length));
			default -> throw new MalformedMessageException(DropReason.UNKNOWN_TYPE,
					type + " cannot appear here");
		};
		if (type != MessageType.USER && type != MessageType.PUSH_PULL) {
			reader.expectEnd();
		}
		return message;
	}

	/**
	 * Joins encoded messages into one compound message.
	 * @param messages the messages, 1 to 255, each shorter than 64 KiB
	 * @return the compound
	 */
	public static byte[] compound(List<byte[]> messages) {
		if (messages.isEmpty() || messages.size() > MAX_COMPOUND_PARTS) {
			throw new IllegalArgumentException("a compound holds 1 to 255 messages, not " + messages.size());
		}
		int size = COMPOUND_HEADER + COMPOUND_OVERHEAD_PER_PART * messages.size();
		for (byte[] message : messages) {
			if (message.length > 0xffff) {
				throw new IllegalArgumentException("a compound part must be shorter than 64 KiB");
			}
			size += message.length;
		}
		byte[] compound = new byte[size];
		compound[0] = (byte) MessageType.COMPOUND.code();
		compound[1] = (byte) messages.size();
		int lengths = COMPOUND_HEADER;
		int body = lengths + COMPOUND_OVERHEAD_PER_PART * messages.size();
		for (byte[] message : messages) {
			compound[lengths++] = (byte) (message.length >>> 8);
			compound[lengths++] = (byte) message.length;
			System.arraycopy(message, 0, compound, body, message.length);
			body += message.length;
		}
		return compound;
	}

	/**
	 * Wraps a message in a compress message: {@code [9]{Algo: 0, Buf: lzw(message)}}.
	 * @param message the message
	 * @return the compress message, whether or not it is shorter
	 */
	public static byte[] compress(byte[] message) {
		byte[] compressed = Lzw.compress(message);
		MsgpackWriter writer = new MsgpackWriter(compressed.length + 16);
		writer.rawByte(MessageType.COMPRESS.code());
		writer.mapHeader(2);
		writer.string("Algo").unsigned(0);
		writer.string("Buf").bytes(compressed);
		return writer.toByteArray();
	}

	/**
	 * Compresses a message if that makes it shorter, as memberlist does for packets.
	 * @param message the message
	 * @return the compress message, or the message itself
	 */
	public static byte[] compressIfShorter(byte[] message) {
		byte[] compressed = compress(message);
		return (compressed.length < message.length) ? compressed : message;
	}

	/**
	 * Reads the body of a compress message and expands it.
	 * @param buffer the bytes
	 * @param offset where the body starts (after the type byte)
	 * @param length the body's length
	 * @param maxDecompressed the most bytes it may expand to
	 * @return the message it held
	 * @throws MalformedMessageException if it cannot be read or expands too far
	 */
	public static byte[] decompress(byte[] buffer, int offset, int length, int maxDecompressed)
			throws MalformedMessageException {
		MsgpackReader reader = new MsgpackReader(buffer, offset, length);
		long algorithm = -1;
		byte[] compressed = null;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "Algo" -> algorithm = reader.integer();
				case "Buf" -> compressed = reader.bytes();
				default -> reader.skip();
			}
		}
		if (algorithm != 0) {
			throw new MalformedMessageException(DropReason.BAD_COMPRESSION, "unknown compression " + algorithm);
		}
		if (compressed == null) {
			throw new MalformedMessageException(DropReason.BAD_COMPRESSION, "compress message without Buf");
		}
		return Lzw.decompress(compressed, maxDecompressed);
	}

	/**
	 * Prefixes a packet with the CRC header memberlist protocol 5 peers verify.
	 * @param message the packet's content
	 * @return {@code [12][crc32 BE][message]}
	 */
	public static byte[] withCrc(byte[] message) {
		return Crc.wrap(message);
	}

}
