package dev.weir.gossip.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.MalformedMessageException;

/**
 * The AES keys a cluster shares, and memberlist's encryption with them
 * ({@code security.go}, {@code keyring.go}).
 *
 * <p>Keys are 16, 24 or 32 bytes (AES-128, -192, -256), as {@code serf agent -encrypt}
 * takes them in base64. The first key is the primary: it encrypts everything sent. Every key
 * is tried, primary first, on what is received, so that a key can be rotated in and out
 * without a cluster-wide flag day.
 *
 * <p>An encrypted message is {@code [version][12-byte nonce][ciphertext ‖ 16-byte tag]}, sealed
 * with AES-GCM. Version 1, which Weir sends and every memberlist speaking protocol 2 or later
 * sends, seals the plaintext as is; version 0, from protocol 1 peers, seals it after PKCS#7
 * padding to a multiple of 16 bytes. Both are accepted. UDP packets are encrypted whole with
 * no additional authenticated data; a stream is framed as {@code [10][u32 BE length][blob]}
 * with the 5 header bytes as additional authenticated data.
 *
 * <p>Rejections, all as {@link MalformedMessageException}: input too short to hold the
 * version, nonce and tag (45 bytes for version 0) is {@link DropReason#TRUNCATED}, since
 * those bytes cannot be a whole message; an unknown version or a message no key opens is
 * {@link DropReason#UNDECRYPTABLE}, which is also what a plaintext packet from a peer without
 * encryption usually looks like (its type byte is read as the version). Version 0 padding
 * that is not valid PKCS#7 after a successful authentication is {@link DropReason#MALFORMED}.
 * The version byte itself is not authenticated (memberlist seals only what follows it), so a
 * version 1 message with its version byte changed to 0 still opens; the padding check is what
 * turns it away.
 *
 * <p>Immutable and safe for use from several threads; a {@link Cipher} is kept per thread.
 * {@link #toString()} never shows key material.
 */
public final class Keyring {

	/**
	 * Size of the version byte, nonce and tag of an encryption version 1 message, the version
	 * Weir sends.
	 */
	public static final int ENCRYPTION_OVERHEAD = 29;

	/**
	 * Bytes of the stream header {@code [10][u32 BE length]}, read before the blob.
	 */
	public static final int STREAM_HEADER_LENGTH = 5;

	/**
	 * Largest blob length a stream header may announce, as memberlist's
	 * {@code maxPushStateBytes} (20 MiB).
	 */
	public static final int MAX_STREAM_BLOB_LENGTH = 20 * 1024 * 1024;

	/**
	 * memberlist's {@code encryptMsg} type byte, first of an encrypted stream.
	 */
	private static final int ENCRYPT_MSG = 10;

	private static final int VERSION_SIZE = 1;

	private static final int NONCE_SIZE = 12;

	private static final int TAG_SIZE = 16;

	private static final int TAG_BITS = TAG_SIZE * 8;

	private static final int BLOCK_SIZE = 16;

	private static final int HEADER_SIZE = VERSION_SIZE + NONCE_SIZE;

	private static final int PADDED_VERSION = 0;

	private static final int CURRENT_VERSION = 1;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Keyring::newCipher);

	private final List<byte[]> keys;

	private final List<SecretKeySpec> secretKeys;

	private Keyring(List<byte[]> keys) {
		Objects.requireNonNull(keys, "keys");
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("keys must not be empty");
		}
		List<byte[]> copies = new ArrayList<>(keys.size());
		List<SecretKeySpec> secretKeys = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			byte[] key = Objects.requireNonNull(keys.get(i), "keys must not contain null");
			checkKeyLength(i, key.length);
			copies.add(key.clone());
			secretKeys.add(new SecretKeySpec(key, "AES"));
		}
		this.keys = List.copyOf(copies);
		this.secretKeys = List.copyOf(secretKeys);
	}

	/**
	 * Creates a keyring from raw keys.
	 * @param keys one or more keys of 16, 24 or 32 bytes, the primary first; copied
	 * @return the keyring
	 * @throws IllegalArgumentException if the list is empty or a key has another length
	 */
	public static Keyring of(List<byte[]> keys) {
		return new Keyring(keys);
	}

	/**
	 * Creates a keyring from keys in standard base64, as {@code serf agent -encrypt} and
	 * {@code serf keygen} write them.
	 * @param keys one or more base64 keys decoding to 16, 24 or 32 bytes, the primary first
	 * @return the keyring
	 * @throws IllegalArgumentException if the list is empty, an entry is not base64 or a key
	 * has another length
	 */
	public static Keyring fromBase64(List<String> keys) {
		Objects.requireNonNull(keys, "keys");
		List<byte[]> decoded = new ArrayList<>(keys.size());
		for (int i = 0; i < keys.size(); i++) {
			String key = Objects.requireNonNull(keys.get(i), "keys must not contain null");
			try {
				decoded.add(Base64.getDecoder().decode(key.strip()));
			}
			catch (IllegalArgumentException ex) {
				// The decoder's message may quote the key's characters: keep secrets out of it.
				throw new IllegalArgumentException("keys[" + i + "] is not valid base64");
			}
		}
		return new Keyring(decoded);
	}

	private static void checkKeyLength(int index, int length) {
		if (length != 16 && length != 24 && length != 32) {
			throw new IllegalArgumentException(
					"keys[" + index + "] must be 16, 24 or 32 bytes (AES-128, -192 or -256): " + length);
		}
	}

	/**
	 * Returns the key that encrypts.
	 * @return a copy of the primary key
	 */
	public byte[] primaryKey() {
		return this.keys.get(0).clone();
	}

	/**
	 * Returns every key, in the order they are tried.
	 * @return copies of the keys, the primary first
	 */
	public List<byte[]> keys() {
		List<byte[]> copies = new ArrayList<>(this.keys.size());
		for (byte[] key : this.keys) {
			copies.add(key.clone());
		}
		return List.copyOf(copies);
	}

	/**
	 * Returns how many bytes {@link #encrypt} adds to a message: version, nonce and tag.
	 * @return {@value #ENCRYPTION_OVERHEAD}
	 */
	public int encryptionOverhead() {
		return ENCRYPTION_OVERHEAD;
	}

	/**
	 * Encrypts a message with the primary key, encryption version 1.
	 * @param plaintext the message
	 * @param aad additional authenticated data: empty for UDP packets
	 * @param nonceSource where the 12 nonce bytes come from; must be a
	 * {@link java.security.SecureRandom} outside tests, because GCM is broken by a nonce used
	 * twice with one key
	 * @return {@code [1][nonce][ciphertext ‖ tag]}, {@value #ENCRYPTION_OVERHEAD} bytes longer
	 * than the plaintext
	 */
	public byte[] encrypt(byte[] plaintext, byte[] aad, RandomGenerator nonceSource) {
		return encrypt(plaintext, aad, nonce(nonceSource));
	}

	/**
	 * Encrypts with a given nonce; for tests that reproduce recorded bytes.
	 */
	byte[] encrypt(byte[] plaintext, byte[] aad, byte[] nonce) {
		return seal(CURRENT_VERSION, plaintext, aad, nonce);
	}

	/**
	 * Encrypts as a protocol version 1 peer does (encryption version 0, padded); for tests.
	 */
	byte[] encryptPadded(byte[] plaintext, byte[] aad, byte[] nonce) {
		return seal(PADDED_VERSION, plaintext, aad, nonce);
	}

	private byte[] seal(int version, byte[] plaintext, byte[] aad, byte[] nonce) {
		Objects.requireNonNull(plaintext, "plaintext");
		Objects.requireNonNull(aad, "aad");
		byte[] input = (version == PADDED_VERSION) ? pad(plaintext) : plaintext;
		byte[] packet = new byte[HEADER_SIZE + input.length + TAG_SIZE];
		seal(version, input, aad, nonce, packet, 0);
		return packet;
	}

	/**
	 * Frames and encrypts a stream message with the primary key:
	 * {@code [10][u32 BE length][1][nonce][ciphertext ‖ tag]}, the first 5 bytes being
	 * authenticated.
	 * @param plaintext the stream message (usually a compress message)
	 * @param nonceSource where the 12 nonce bytes come from; see
	 * {@link #encrypt(byte[], byte[], RandomGenerator)}
	 * @return the frame
	 * @throws IllegalArgumentException if the blob would exceed
	 * {@value #MAX_STREAM_BLOB_LENGTH} bytes, which peers refuse
	 */
	public byte[] encryptStream(byte[] plaintext, RandomGenerator nonceSource) {
		return encryptStream(plaintext, nonce(nonceSource));
	}

	/**
	 * Frames and encrypts a stream message with a given nonce; for tests that reproduce
	 * recorded bytes.
	 */
	byte[] encryptStream(byte[] plaintext, byte[] nonce) {
		return encryptStream(plaintext, new byte[0], nonce);
	}

	/**
	 * Frames and encrypts a stream message of a labelled cluster: the label is authenticated
	 * after the 5 header bytes, as memberlist 0.3 and later do.
	 * @param plaintext the stream message
	 * @param label the cluster's label, empty for none
	 * @param nonceSource where the nonce comes from
	 * @return the frame
	 */
	public byte[] encryptLabelledStream(byte[] plaintext, byte[] label, RandomGenerator nonceSource) {
		return encryptStream(plaintext, label, nonce(nonceSource));
	}

	private byte[] encryptStream(byte[] plaintext, byte[] label, byte[] nonce) {
		Objects.requireNonNull(plaintext, "plaintext");
		long blobLength = (long) plaintext.length + ENCRYPTION_OVERHEAD;
		if (blobLength > MAX_STREAM_BLOB_LENGTH) {
			throw new IllegalArgumentException("plaintext must encrypt to at most " + MAX_STREAM_BLOB_LENGTH
					+ " bytes, which is what peers accept: " + plaintext.length + " bytes");
		}
		byte[] frame = new byte[STREAM_HEADER_LENGTH + (int) blobLength];
		frame[0] = (byte) ENCRYPT_MSG;
		frame[1] = (byte) (blobLength >>> 24);
		frame[2] = (byte) (blobLength >>> 16);
		frame[3] = (byte) (blobLength >>> 8);
		frame[4] = (byte) blobLength;
		byte[] aad = new byte[STREAM_HEADER_LENGTH + label.length];
		System.arraycopy(frame, 0, aad, 0, STREAM_HEADER_LENGTH);
		System.arraycopy(label, 0, aad, STREAM_HEADER_LENGTH, label.length);
		seal(CURRENT_VERSION, plaintext, aad, nonce, frame, STREAM_HEADER_LENGTH);
		return frame;
	}

	private void seal(int version, byte[] input, byte[] aad, byte[] nonce, byte[] out, int offset) {
		Objects.requireNonNull(nonce, "nonce");
		if (nonce.length != NONCE_SIZE) {
			throw new IllegalArgumentException("nonce must be " + NONCE_SIZE + " bytes: " + nonce.length);
		}
		out[offset] = (byte) version;
		System.arraycopy(nonce, 0, out, offset + VERSION_SIZE, NONCE_SIZE);
		GCMParameterSpec parameters = new GCMParameterSpec(TAG_BITS, nonce);
		Cipher cipher = CIPHERS.get();
		try {
			try {
				cipher.init(Cipher.ENCRYPT_MODE, this.secretKeys.get(0), parameters);
			}
			catch (InvalidAlgorithmParameterException ex) {
				// The JDK refuses a key and nonce pair equal to this Cipher's previous
				// encryption. That guard sees one thread's last call only, so it is no real
				// protection: unique nonces are the nonce source's job. Use a fresh Cipher.
				cipher = newCipher();
				CIPHERS.set(cipher);
				cipher.init(Cipher.ENCRYPT_MODE, this.secretKeys.get(0), parameters);
			}
			if (aad.length > 0) {
				cipher.updateAAD(aad);
			}
			cipher.doFinal(input, 0, input.length, out, offset + HEADER_SIZE);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	/**
	 * Decrypts a message with whichever key opens it, the primary first.
	 * @param packet {@code [version][nonce][ciphertext ‖ tag]}
	 * @param aad the additional authenticated data it was sealed with: empty for UDP packets
	 * @return the plaintext, without padding
	 * @throws MalformedMessageException with {@link DropReason#TRUNCATED} if it is too short,
	 * {@link DropReason#UNDECRYPTABLE} for an unknown version or if no key opens it, or
	 * {@link DropReason#MALFORMED} for bad version 0 padding
	 */
	public byte[] decrypt(byte[] packet, byte[] aad) throws MalformedMessageException {
		Objects.requireNonNull(packet, "packet");
		Objects.requireNonNull(aad, "aad");
		return decrypt(packet, 0, packet.length, aad);
	}

	private byte[] decrypt(byte[] buffer, int offset, int length, byte[] aad) throws MalformedMessageException {
		if (length == 0) {
			throw new MalformedMessageException(DropReason.TRUNCATED, "empty encrypted message");
		}
		int version = buffer[offset] & 0xff;
		if (version != PADDED_VERSION && version != CURRENT_VERSION) {
			throw new MalformedMessageException(DropReason.UNDECRYPTABLE, "unknown encryption version " + version);
		}
		int minimum = (version == PADDED_VERSION) ? ENCRYPTION_OVERHEAD + BLOCK_SIZE : ENCRYPTION_OVERHEAD;
		if (length < minimum) {
			throw new MalformedMessageException(DropReason.TRUNCATED, "encryption version " + version
					+ " needs at least " + minimum + " bytes, got " + length);
		}
		GCMParameterSpec parameters = new GCMParameterSpec(TAG_BITS, buffer, offset + VERSION_SIZE, NONCE_SIZE);
		Cipher cipher = CIPHERS.get();
		for (SecretKeySpec key : this.secretKeys) {
			byte[] plain;
			try {
				cipher.init(Cipher.DECRYPT_MODE, key, parameters);
				if (aad.length > 0) {
					cipher.updateAAD(aad);
				}
				plain = cipher.doFinal(buffer, offset + HEADER_SIZE, length - HEADER_SIZE);
			}
			catch (AEADBadTagException ex) {
				continue;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("AES-GCM decryption failed", ex);
			}
			return (version == PADDED_VERSION) ? unpad(plain) : plain;
		}
		throw new MalformedMessageException(DropReason.UNDECRYPTABLE,
				"none of " + this.secretKeys.size() + " keys decrypts the message");
	}

	/**
	 * Reads a stream header and returns how many blob bytes follow it, so that a stream reader
	 * can check the length before it allocates.
	 * @param header at least the first {@value #STREAM_HEADER_LENGTH} bytes of the stream
	 * @return the blob length announced
	 * @throws MalformedMessageException with {@link DropReason#TRUNCATED} if fewer than 5
	 * bytes are given, {@link DropReason#MALFORMED} if the first is not 10, or
	 * {@link DropReason#OVERSIZED} if the length exceeds {@value #MAX_STREAM_BLOB_LENGTH}
	 */
	public static int streamBlobLength(byte[] header) throws MalformedMessageException {
		Objects.requireNonNull(header, "header");
		if (header.length < STREAM_HEADER_LENGTH) {
			throw new MalformedMessageException(DropReason.TRUNCATED,
					"encrypted stream header needs " + STREAM_HEADER_LENGTH + " bytes, got " + header.length);
		}
		if ((header[0] & 0xff) != ENCRYPT_MSG) {
			throw new MalformedMessageException(DropReason.MALFORMED,
					"encrypted stream starts with " + (header[0] & 0xff) + " instead of " + ENCRYPT_MSG);
		}
		long length = ((header[1] & 0xffL) << 24) | ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8)
				| (header[4] & 0xff);
		if (length > MAX_STREAM_BLOB_LENGTH) {
			throw new MalformedMessageException(DropReason.OVERSIZED,
					"encrypted stream of " + length + " bytes exceeds " + MAX_STREAM_BLOB_LENGTH);
		}
		return (int) length;
	}

	/**
	 * Decrypts a whole encrypted stream frame.
	 * @param frame {@code [10][u32 BE length][blob]}, nothing after the blob
	 * @return the plaintext stream message
	 * @throws MalformedMessageException as {@link #streamBlobLength(byte[])} and
	 * {@link #decrypt(byte[], byte[])}; {@link DropReason#TRUNCATED} if the blob is shorter
	 * than announced, {@link DropReason#MALFORMED} if bytes follow it
	 */
	public byte[] decryptStream(byte[] frame) throws MalformedMessageException {
		return decryptLabelledStream(frame, new byte[0]);
	}

	/**
	 * Decrypts a whole encrypted stream frame of a labelled cluster.
	 * @param frame {@code [10][u32 BE length][blob]}, nothing after the blob
	 * @param label the cluster's label, authenticated after the header; empty for none
	 * @return the plaintext stream message
	 * @throws MalformedMessageException as {@link #decryptStream(byte[])}
	 */
	public byte[] decryptLabelledStream(byte[] frame, byte[] label) throws MalformedMessageException {
		int length = streamBlobLength(frame);
		checkBlobLength(length, frame.length - STREAM_HEADER_LENGTH);
		byte[] aad = new byte[STREAM_HEADER_LENGTH + label.length];
		System.arraycopy(frame, 0, aad, 0, STREAM_HEADER_LENGTH);
		System.arraycopy(label, 0, aad, STREAM_HEADER_LENGTH, label.length);
		return decrypt(frame, STREAM_HEADER_LENGTH, length, aad);
	}

	/**
	 * Decrypts an encrypted stream read in two steps: the header, checked with
	 * {@link #streamBlobLength(byte[])}, then the blob.
	 * @param header the {@value #STREAM_HEADER_LENGTH} header bytes
	 * @param blob the bytes that followed
	 * @return the plaintext stream message
	 * @throws MalformedMessageException as {@link #decryptStream(byte[])}
	 */
	public byte[] decryptStream(byte[] header, byte[] blob) throws MalformedMessageException {
		Objects.requireNonNull(blob, "blob");
		int length = streamBlobLength(header);
		if (header.length != STREAM_HEADER_LENGTH) {
			throw new IllegalArgumentException(
					"header must be " + STREAM_HEADER_LENGTH + " bytes: " + header.length);
		}
		checkBlobLength(length, blob.length);
		return decrypt(blob, 0, blob.length, header);
	}

	private static void checkBlobLength(int announced, int actual) throws MalformedMessageException {
		if (actual < announced) {
			throw new MalformedMessageException(DropReason.TRUNCATED,
					"encrypted stream announces " + announced + " bytes, got " + actual);
		}
		if (actual > announced) {
			throw new MalformedMessageException(DropReason.MALFORMED,
					"encrypted stream announces " + announced + " bytes, " + (actual - announced) + " more follow");
		}
	}

	private static byte[] nonce(RandomGenerator nonceSource) {
		Objects.requireNonNull(nonceSource, "nonceSource");
		byte[] nonce = new byte[NONCE_SIZE];
		nonceSource.nextBytes(nonce);
		return nonce;
	}

	/**
	 * PKCS#7 padding as memberlist's {@code pkcs7encode}: 1 to 16 bytes, each the pad length.
	 */
	private static byte[] pad(byte[] plaintext) {
		int padding = BLOCK_SIZE - (plaintext.length % BLOCK_SIZE);
		byte[] padded = new byte[plaintext.length + padding];
		System.arraycopy(plaintext, 0, padded, 0, plaintext.length);
		for (int i = plaintext.length; i < padded.length; i++) {
			padded[i] = (byte) padding;
		}
		return padded;
	}

	/**
	 * Strips PKCS#7 padding. memberlist's {@code pkcs7decode} trusts the last byte; this
	 * checks the block multiple and every padding byte, which any memberlist sender satisfies.
	 * The checks matter because the version byte is not authenticated: a version 1 message
	 * whose version byte is changed to 0 still opens, and only its lack of padding gives it
	 * away.
	 */
	private static byte[] unpad(byte[] padded) throws MalformedMessageException {
		int padding = (padded.length > 0) ? padded[padded.length - 1] & 0xff : 0;
		boolean valid = padded.length % BLOCK_SIZE == 0 && padding >= 1 && padding <= BLOCK_SIZE;
		for (int i = padded.length - padding; valid && i < padded.length; i++) {
			valid = (padded[i] & 0xff) == padding;
		}
		if (!valid) {
			throw new MalformedMessageException(DropReason.MALFORMED, "bad padding in encryption version 0 message");
		}
		byte[] plain = new byte[padded.length - padding];
		System.arraycopy(padded, 0, plain, 0, plain.length);
		return plain;
	}

	private static Cipher newCipher() {
		try {
			return Cipher.getInstance(TRANSFORMATION);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(TRANSFORMATION + " is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "Keyring[keys=" + this.keys.size() + ", primary=AES-" + (this.keys.get(0).length * 8) + "]";
	}

}
