package dev.weir.gossip.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.Fixtures;
import dev.weir.gossip.wire.MalformedMessageException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Keyring}, against the encrypted packets and streams of recording C (key
 * {@code 000102…1f}).
 */
class KeyringTests {

	private static final String RECORDED_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	private static final byte[] NO_AAD = new byte[0];

	private final Keyring keyring = Keyring.fromBase64(List.of(RECORDED_KEY));

	@ParameterizedTest
	@ValueSource(strings = { "28-enc-udp-ping", "29-enc-udp-crc-serf-user-event" })
	void decryptsRecordedPacket(String fixture) throws Exception {
		assertThat(this.keyring.decrypt(Fixtures.bytes(fixture), NO_AAD))
			.isEqualTo(Fixtures.bytes(fixture + ".decrypted"));
	}

	@Test
	void recordedPacketsDecryptToTheirPlainRecordings() throws Exception {
		assertThat(this.keyring.decrypt(Fixtures.bytes("28-enc-udp-ping"), NO_AAD))
			.isEqualTo(Fixtures.bytes("01-udp-ping"));
		assertThat(this.keyring.decrypt(Fixtures.bytes("29-enc-udp-crc-serf-user-event"), NO_AAD))
			.isEqualTo(Fixtures.bytes("07-udp-crc-serf-user-event"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "30-enc-tcp-pushpull-join-request", "31-enc-tcp-pushpull-join-response" })
	void decryptsRecordedStream(String fixture) throws Exception {
		assertThat(this.keyring.decryptStream(Fixtures.bytes(fixture)))
			.isEqualTo(Fixtures.bytes(fixture + ".decrypted"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "30-enc-tcp-pushpull-join-request", "31-enc-tcp-pushpull-join-response" })
	void decryptsRecordedStreamReadInTwoSteps(String fixture) throws Exception {
		byte[] frame = Fixtures.bytes(fixture);
		byte[] header = Arrays.copyOf(frame, Keyring.STREAM_HEADER_LENGTH);
		int length = Keyring.streamBlobLength(header);
		assertThat(length).isEqualTo(frame.length - Keyring.STREAM_HEADER_LENGTH);
		byte[] blob = Arrays.copyOfRange(frame, Keyring.STREAM_HEADER_LENGTH, Keyring.STREAM_HEADER_LENGTH + length);
		assertThat(this.keyring.decryptStream(header, blob)).isEqualTo(Fixtures.bytes(fixture + ".decrypted"));
	}

	@Test
	void streamBlobIsBoundToItsHeader() {
		byte[] frame = Fixtures.bytes("30-enc-tcp-pushpull-join-request");
		byte[] blob = Arrays.copyOfRange(frame, Keyring.STREAM_HEADER_LENGTH, frame.length);
		assertUndecryptable(() -> this.keyring.decrypt(blob, NO_AAD));
	}

	@ParameterizedTest
	@ValueSource(strings = { "28-enc-udp-ping", "29-enc-udp-crc-serf-user-event" })
	void reEncryptingWithRecordedNonceReproducesPacket(String fixture) {
		byte[] wire = Fixtures.bytes(fixture);
		byte[] nonce = Arrays.copyOfRange(wire, 1, 13);
		byte[] plain = Fixtures.bytes(fixture + ".decrypted");
		assertThat(this.keyring.encrypt(plain, NO_AAD, nonce)).isEqualTo(wire);
		// Again on the same thread: the JDK's guard against an immediately repeated nonce
		// must not get in the way.
		assertThat(this.keyring.encrypt(plain, NO_AAD, nonce)).isEqualTo(wire);
	}

	@ParameterizedTest
	@ValueSource(strings = { "30-enc-tcp-pushpull-join-request", "31-enc-tcp-pushpull-join-response" })
	void reEncryptingWithRecordedNonceReproducesStream(String fixture) {
		byte[] wire = Fixtures.bytes(fixture);
		byte[] nonce = Arrays.copyOfRange(wire, 6, 18);
		assertThat(this.keyring.encryptStream(Fixtures.bytes(fixture + ".decrypted"), nonce)).isEqualTo(wire);
	}

	@Test
	void secondaryKeyDecryptsWhenPrimaryDoesNot() throws Exception {
		Keyring rotated = Keyring.of(List.of(key(32, 0x40), key(16, 0x60), Base64.getDecoder().decode(RECORDED_KEY)));
		assertThat(rotated.decrypt(Fixtures.bytes("28-enc-udp-ping"), NO_AAD))
			.isEqualTo(Fixtures.bytes("28-enc-udp-ping.decrypted"));
		assertThat(rotated.decryptStream(Fixtures.bytes("31-enc-tcp-pushpull-join-response")))
			.isEqualTo(Fixtures.bytes("31-enc-tcp-pushpull-join-response.decrypted"));
	}

	@Test
	void primaryKeyEncrypts() throws Exception {
		Keyring rotated = Keyring.of(List.of(key(24, 0x40), Base64.getDecoder().decode(RECORDED_KEY)));
		byte[] packet = rotated.encrypt(bytes("hello"), NO_AAD, new SplittableRandom(1));
		assertThat(Keyring.of(List.of(key(24, 0x40))).decrypt(packet, NO_AAD)).isEqualTo(bytes("hello"));
		assertUndecryptable(() -> this.keyring.decrypt(packet, NO_AAD));
	}

	@Test
	void wrongKeyIsUndecryptable() {
		Keyring wrong = Keyring.of(List.of(key(32, 0x40)));
		assertUndecryptable(() -> wrong.decrypt(Fixtures.bytes("28-enc-udp-ping"), NO_AAD));
		assertUndecryptable(() -> wrong.decryptStream(Fixtures.bytes("30-enc-tcp-pushpull-join-request")));
	}

	@Test
	void tamperingAnyByteOfPacketIsUndecryptable() {
		byte[] wire = Fixtures.bytes("29-enc-udp-crc-serf-user-event");
		// Byte 0, the version, is not authenticated: see the downgrade test.
		for (int i = 1; i < wire.length; i++) {
			for (int mask : new int[] { 0x01, 0x80, 0xff }) {
				byte[] tampered = wire.clone();
				tampered[i] ^= (byte) mask;
				assertThatExceptionOfType(MalformedMessageException.class).as("byte %d ^ %x", i, mask)
					.isThrownBy(() -> this.keyring.decrypt(tampered, NO_AAD))
					.extracting(MalformedMessageException::reason)
					.isEqualTo(DropReason.UNDECRYPTABLE);
			}
		}
	}

	@Test
	void tamperingAnyByteOfStreamBlobIsUndecryptable() {
		byte[] wire = Fixtures.bytes("31-enc-tcp-pushpull-join-response");
		for (int i = Keyring.STREAM_HEADER_LENGTH + 1; i < wire.length; i++) {
			byte[] tampered = wire.clone();
			tampered[i] ^= 0x01;
			assertUndecryptable(() -> this.keyring.decryptStream(tampered));
		}
	}

	@Test
	void versionDowngradeOpensButFailsOnPadding() {
		// GCM does not cover the version byte, so version 1 changed to 0 still authenticates;
		// the plaintext then lacks version 0's padding.
		byte[] packet = Fixtures.bytes("29-enc-udp-crc-serf-user-event");
		packet[0] = 0;
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.keyring.decrypt(packet, NO_AAD))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.MALFORMED);
		byte[] frame = Fixtures.bytes("31-enc-tcp-pushpull-join-response");
		frame[Keyring.STREAM_HEADER_LENGTH] = 0;
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.keyring.decryptStream(frame))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.MALFORMED);
	}

	@Test
	void wrongAdditionalDataIsUndecryptable() {
		byte[] wire = Fixtures.bytes("28-enc-udp-ping");
		assertUndecryptable(() -> this.keyring.decrypt(wire, new byte[] { 0 }));
	}

	@Test
	void encryptsWithVersionOneAndRandomNonce() throws Exception {
		SplittableRandom random = new SplittableRandom(42);
		byte[] plain = bytes("a message");
		byte[] first = this.keyring.encrypt(plain, NO_AAD, random);
		byte[] second = this.keyring.encrypt(plain, NO_AAD, random);
		assertThat(first).hasSize(plain.length + this.keyring.encryptionOverhead());
		assertThat(this.keyring.encryptionOverhead()).isEqualTo(29);
		assertThat(first[0]).isEqualTo((byte) 1);
		assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
		assertThat(this.keyring.decrypt(first, NO_AAD)).isEqualTo(plain);
		assertThat(this.keyring.decrypt(second, NO_AAD)).isEqualTo(plain);
	}

	@Test
	void encryptsStreamWithHeaderAsAdditionalData() throws Exception {
		byte[] plain = bytes("a stream message");
		byte[] frame = this.keyring.encryptStream(plain, new SplittableRandom(7));
		assertThat(frame).startsWith(10, 0, 0, 0, plain.length + 29).hasSize(5 + plain.length + 29);
		assertThat(this.keyring.decryptStream(frame)).isEqualTo(plain);
		byte[] blob = Arrays.copyOfRange(frame, 5, frame.length);
		assertThat(this.keyring.decrypt(blob, Arrays.copyOf(frame, 5))).isEqualTo(plain);
	}

	@ParameterizedTest
	@ValueSource(ints = { 16, 24, 32 })
	void everyAesKeySizeRoundTrips(int size) throws Exception {
		Keyring sized = Keyring.of(List.of(key(size, 3)));
		byte[] plain = bytes("sized");
		assertThat(sized.decrypt(sized.encrypt(plain, bytes("aad"), new SplittableRandom(size)), bytes("aad")))
			.isEqualTo(plain);
	}

	@Test
	void paddedVersionZeroRoundTrips() throws Exception {
		byte[] nonce = new byte[12];
		for (int length = 0; length <= 48; length++) {
			byte[] plain = new byte[length];
			Arrays.fill(plain, (byte) length);
			byte[] packet = this.keyring.encryptPadded(plain, NO_AAD, nonce);
			int padding = 16 - (length % 16);
			assertThat(packet[0]).isEqualTo((byte) 0);
			assertThat(packet).hasSize(1 + 12 + length + padding + 16);
			assertThat(this.keyring.decrypt(packet, NO_AAD)).as("length %d", length).isEqualTo(plain);
		}
	}

	@Test
	void versionZeroWithBadPaddingIsMalformed() throws Exception {
		byte[] badPadding = new byte[16];
		badPadding[15] = 2;
		badPadding[14] = 3;
		byte[] packet = sealVersionZeroWithoutPadding(badPadding);
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.keyring.decrypt(packet, NO_AAD))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.MALFORMED);
		byte[] zeroPadding = new byte[16];
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.keyring.decrypt(sealVersionZeroWithoutPadding(zeroPadding), NO_AAD))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 3, 10, 255 })
	void unknownVersionIsUndecryptable(int version) {
		byte[] packet = Fixtures.bytes("28-enc-udp-ping");
		packet[0] = (byte) version;
		assertUndecryptable(() -> this.keyring.decrypt(packet, NO_AAD));
	}

	@Test
	void tooShortInputIsTruncated() {
		byte[] versionOne = new byte[28];
		versionOne[0] = 1;
		assertTruncated(() -> this.keyring.decrypt(versionOne, NO_AAD));
		assertTruncated(() -> this.keyring.decrypt(new byte[44], NO_AAD));
		assertTruncated(() -> this.keyring.decrypt(new byte[0], NO_AAD));
	}

	@Test
	void streamHeaderAnnouncingMoreThanLimitIsOversized() throws Exception {
		assertThat(Keyring.streamBlobLength(new byte[] { 10, 1, 64, 0, 0 })).isEqualTo(20 * 1024 * 1024);
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> Keyring.streamBlobLength(new byte[] { 10, 1, 64, 0, 1 }))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.OVERSIZED);
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.keyring.decryptStream(new byte[] { 10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff }))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.OVERSIZED);
	}

	@Test
	void streamShorterThanAnnouncedIsTruncated() {
		byte[] frame = Fixtures.bytes("30-enc-tcp-pushpull-join-request");
		assertTruncated(() -> this.keyring.decryptStream(Arrays.copyOf(frame, frame.length - 1)));
		assertTruncated(() -> this.keyring.decryptStream(Arrays.copyOf(frame, 4)));
	}

	@Test
	void streamWithBytesAfterBlobIsMalformed() {
		byte[] frame = Fixtures.bytes("30-enc-tcp-pushpull-join-request");
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.keyring.decryptStream(Arrays.copyOf(frame, frame.length + 1)))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.MALFORMED);
	}

	@Test
	void streamOfAnotherTypeIsMalformed() {
		byte[] frame = Fixtures.bytes("30-enc-tcp-pushpull-join-request");
		frame[0] = 9;
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.keyring.decryptStream(frame))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 15, 17, 23, 25, 31, 33, 64 })
	void keyOfBadLengthIsRejected(int length) {
		assertThatIllegalArgumentException().isThrownBy(() -> Keyring.of(List.of(key(32, 0), new byte[length])))
			.withMessageContaining("keys[1]")
			.withMessageEndingWith(": " + length);
	}

	@Test
	void emptyKeyListIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Keyring.of(List.of()))
			.withMessage("keys must not be empty");
	}

	@Test
	void badBase64IsRejectedNamingTheEntry() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Keyring.fromBase64(List.of(RECORDED_KEY, "not base64!")))
			.withMessage("keys[1] is not valid base64");
	}

	@Test
	void base64KeyDecodesToItsBytes() {
		assertThat(this.keyring.primaryKey())
			.isEqualTo(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
	}

	@Test
	void keysAreCopies() {
		byte[] key = key(16, 1);
		Keyring copied = Keyring.of(List.of(key));
		key[0] = 99;
		copied.primaryKey()[1] = 99;
		copied.keys().get(0)[2] = 99;
		assertThat(copied.primaryKey()).isEqualTo(key(16, 1));
		assertThat(copied.keys()).singleElement().isEqualTo(key(16, 1));
	}

	@Test
	void toStringShowsNoKeyMaterial() {
		assertThat(this.keyring.toString()).isEqualTo("Keyring[keys=1, primary=AES-256]")
			.doesNotContain(RECORDED_KEY.substring(0, 8))
			.doesNotContain("0001020304");
	}

	private byte[] sealVersionZeroWithoutPadding(byte[] input) throws Exception {
		byte[] nonce = new byte[12];
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(this.keyring.primaryKey(), "AES"),
				new GCMParameterSpec(128, nonce));
		byte[] sealed = cipher.doFinal(input);
		byte[] packet = new byte[13 + sealed.length];
		System.arraycopy(sealed, 0, packet, 13, sealed.length);
		return packet;
	}

	private static void assertUndecryptable(ThrowingCallable call) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(call)
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.UNDECRYPTABLE);
	}

	private static void assertTruncated(ThrowingCallable call) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(call)
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.TRUNCATED);
	}

	private static byte[] key(int length, int first) {
		byte[] key = new byte[length];
		for (int i = 0; i < length; i++) {
			key[i] = (byte) (first + i);
		}
		return key;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
