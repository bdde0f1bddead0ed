package dev.weir.gossip.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.crypto.Keyring;
import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.Message;
import dev.weir.gossip.wire.MessageType;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;
import dev.weir.gossip.wire.Packets;
import dev.weir.gossip.wire.UserMessage;

/**
 * What wraps messages on their way out and is taken off on their way in, as memberlist does it:
 * for packets {@code encrypt(crc(compress(compound)))}, for streams {@code encrypt(compress(message))}.
 *
 * <p>With a keyring, everything received must be encrypted with one of its keys; without one,
 * anything encrypted is dropped. Thread-safe.
 */
public final class Envelope {

	/**
	 * The most bytes a compressed packet part may expand to.
	 */
	public static final int MAX_PACKET_EXPANSION = 1 << 20;

	/**
	 * The most bytes a stream message may take, compressed or expanded (memberlist's own
	 * bound on encrypted streams).
	 */
	public static final int MAX_STREAM = 20 * 1024 * 1024;

	private final @Nullable Keyring keyring;

	private final boolean compression;

	private final RandomGenerator nonces;

	private final byte[] label;

	/**
	 * Creates an envelope.
	 * @param keyring the keys, or {@code null} for plain traffic
	 * @param compression whether packets are compressed when that makes them shorter, and
	 * streams always, as memberlist does
	 * @param nonces where encryption nonces come from: a {@link java.security.SecureRandom}
	 * outside simulations
	 */
	public Envelope(@Nullable Keyring keyring, boolean compression, RandomGenerator nonces) {
		this(keyring, compression, nonces, "");
	}

	/**
	 * Creates an envelope for a labelled cluster (memberlist 0.3 and later): every packet and
	 * stream starts with {@code [244][length][label]}, the label is authenticated when
	 * encrypting, and traffic with another label, or none, is dropped.
	 * @param keyring the keys, or {@code null} for plain traffic
	 * @param compression whether to compress
	 * @param nonces where encryption nonces come from
	 * @param label the cluster's label, 1 to 255 bytes of UTF-8, or empty for none (the only
	 * choice with peers older than memberlist 0.3, such as Debian's serf)
	 */
	public Envelope(@Nullable Keyring keyring, boolean compression, RandomGenerator nonces, String label) {
		this.keyring = keyring;
		this.compression = compression;
		this.nonces = Objects.requireNonNull(nonces, "nonces");
		this.label = label.getBytes(StandardCharsets.UTF_8);
		if (this.label.length > MAX_LABEL) {
			throw new IllegalArgumentException("a label takes at most " + MAX_LABEL + " bytes: " + label);
		}
	}

	/**
	 * The longest label: its length is one byte.
	 */
	public static final int MAX_LABEL = 255;

	/**
	 * Returns how many bytes the envelope adds to a packet at most, beyond compound framing.
	 * @param crc whether a CRC header will be added
	 * @return the overhead
	 */
	public int packetOverhead(boolean crc) {
		return ((this.keyring != null) ? this.keyring.encryptionOverhead() : 0) + (crc ? Packets.CRC_HEADER : 0)
				+ labelOverhead();
	}

	/**
	 * Builds a packet from encoded messages.
	 * @param messages one or more messages, each with its type byte
	 * @param crc whether to add the CRC header (for peers of protocol version 5 and up)
	 * @return the packet
	 */
	public byte[] sealPacket(List<byte[]> messages, boolean crc) {
		byte[] packet = (messages.size() == 1) ? messages.get(0) : Packets.compound(messages);
		if (this.compression) {
			packet = Packets.compressIfShorter(packet);
		}
		if (crc) {
			packet = Packets.withCrc(packet);
		}
		if (this.keyring != null) {
			packet = this.keyring.encrypt(packet, this.label, this.nonces);
		}
		return withLabel(packet);
	}

	/**
	 * Opens a received packet and hands its messages to the receiver; never throws for bad
	 * input.
	 * @param packet the datagram's payload
	 * @param receiver what gets the messages and the drops
	 */
	public void openPacket(byte[] packet, Packets.Receiver receiver) {
		byte[] plain;
		try {
			plain = withoutLabel(packet);
		}
		catch (MalformedMessageException ex) {
			receiver.dropped(ex.reason(), ex.getMessage());
			return;
		}
		if (this.keyring != null) {
			try {
				plain = this.keyring.decrypt(plain, this.label);
			}
			catch (MalformedMessageException ex) {
				receiver.dropped(DropReason.UNDECRYPTABLE, ex.getMessage());
				return;
			}
		}
		Packets.decode(plain, MAX_PACKET_EXPANSION, receiver);
	}

	/**
	 * Builds what one side of a stream writes.
	 * @param message the message
	 * @return the bytes
	 */
	public byte[] sealStream(Message message) {
		byte[] bytes = (message instanceof UserMessage user) ? streamUserMessage(user) : message.encode();
		if (this.compression) {
			bytes = Packets.compress(bytes);
		}
		if (this.keyring != null) {
			bytes = this.keyring.encryptLabelledStream(bytes, this.label, this.nonces);
		}
		return withLabel(bytes);
	}

	/**
	 * Reads what one side of a stream wrote. A reader that gets {@link DropReason#TRUNCATED}
	 * has not received the whole message yet and may try again with more bytes.
	 * @param bytes the bytes received so far
	 * @return the message
	 * @throws MalformedMessageException if the bytes are not (yet) a whole message
	 */
	public Message openStream(byte[] bytes) throws MalformedMessageException {
		if (bytes.length == 0) {
			throw new MalformedMessageException(DropReason.TRUNCATED, "empty stream");
		}
		bytes = withoutLabel(bytes);
		if (bytes.length == 0) {
			throw new MalformedMessageException(DropReason.TRUNCATED, "empty stream after its label");
		}
		byte[] plain = bytes;
		boolean encrypted = (bytes[0] & 0xff) == MessageType.ENCRYPT.code();
		if (this.keyring == null && encrypted) {
			throw new MalformedMessageException(DropReason.UNDECRYPTABLE, "encrypted stream, but no keyring is set");
		}
		if (this.keyring != null) {
			if (!encrypted) {
				throw new MalformedMessageException(DropReason.UNDECRYPTABLE,
						"unencrypted stream, but encryption is required");
			}
			int blob = Keyring.streamBlobLength(Arrays.copyOf(bytes, Math.min(bytes.length, Keyring.STREAM_HEADER_LENGTH)));
			if (bytes.length < Keyring.STREAM_HEADER_LENGTH + blob) {
				throw new MalformedMessageException(DropReason.TRUNCATED, "encrypted stream of " + blob + " bytes");
			}
			plain = this.keyring.decryptLabelledStream(Arrays.copyOf(bytes, Keyring.STREAM_HEADER_LENGTH + blob),
					this.label);
		}
		if (plain.length > 0 && (plain[0] & 0xff) == MessageType.COMPRESS.code()) {
			plain = Packets.decompress(plain, 1, plain.length - 1, MAX_STREAM);
		}
		return decodeStreamMessage(plain);
	}

	private int labelOverhead() {
		return (this.label.length > 0) ? 2 + this.label.length : 0;
	}

	private byte[] withLabel(byte[] bytes) {
		if (this.label.length == 0) {
			return bytes;
		}
		byte[] labelled = new byte[2 + this.label.length + bytes.length];
		labelled[0] = (byte) MessageType.HAS_LABEL.code();
		labelled[1] = (byte) this.label.length;
		System.arraycopy(this.label, 0, labelled, 2, this.label.length);
		System.arraycopy(bytes, 0, labelled, 2 + this.label.length, bytes.length);
		return labelled;
	}

	/**
	 * Takes the label header off, checking that the label is this cluster's: another label, a
	 * missing one, or one where none is expected is {@link DropReason#WRONG_LABEL}.
	 */
	private byte[] withoutLabel(byte[] bytes) throws MalformedMessageException {
		byte[] found = new byte[0];
		int offset = 0;
		if (bytes.length > 0 && (bytes[0] & 0xff) == MessageType.HAS_LABEL.code()) {
			if (bytes.length < 2 || bytes.length < 2 + (bytes[1] & 0xff)) {
				throw new MalformedMessageException(DropReason.TRUNCATED, "label header cut short");
			}
			int length = bytes[1] & 0xff;
			if (length == 0) {
				throw new MalformedMessageException(DropReason.MALFORMED, "empty label");
			}
			found = Arrays.copyOfRange(bytes, 2, 2 + length);
			offset = 2 + length;
		}
		if (!Arrays.equals(found, this.label)) {
			throw new MalformedMessageException(DropReason.WRONG_LABEL, "label '"
					+ new String(found, StandardCharsets.UTF_8) + "' is not this cluster's");
		}
		return (offset == 0) ? bytes : Arrays.copyOfRange(bytes, offset, bytes.length);
	}

	private static Message decodeStreamMessage(byte[] bytes) throws MalformedMessageException {
		if (bytes.length > 0 && (bytes[0] & 0xff) == MessageType.USER.code()) {
			MsgpackReader reader = new MsgpackReader(bytes, 1, bytes.length - 1);
			long length = -1;
			int fields = reader.mapHeader();
			for (int i = 0; i < fields; i++) {
				if (reader.string().equals("UserMsgLen")) {
					length = reader.unsigned(Integer.MAX_VALUE, "UserMsgLen");
				}
				else {
					reader.skip();
				}
			}
			if (length < 0) {
				throw new MalformedMessageException(DropReason.MALFORMED, "stream user message without UserMsgLen");
			}
			if (length > reader.remaining()) {
				throw new MalformedMessageException(DropReason.TRUNCATED, "user message of " + length + " bytes");
			}
			int start = reader.position();
			return new UserMessage(Arrays.copyOfRange(bytes, start, start + (int) length));
		}
		return Packets.decodeMessage(bytes, 0, bytes.length);
	}

	private static byte[] streamUserMessage(UserMessage user) {
		MsgpackWriter writer = new MsgpackWriter(user.payload().length + 20);
		writer.rawByte(MessageType.USER.code());
		writer.mapHeader(1).string("UserMsgLen").unsigned(user.payload().length);
		writer.raw(user.payload());
		return writer.toByteArray();
	}

}
