package dev.weir.gossip.wire;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link Lzw}: the recorded {@code Buf}s of serf agents, and digests of what Go
 * 1.19's {@code compress/lzw} writer (LSB, 8-bit literals, the build Debian's serf uses)
 * produced for generated inputs, since no recorded message is long enough to reach a clear
 * code.
 */
class LzwTests {

	private static final int MAX = 1 << 20;

	@ParameterizedTest
	@CsvSource({ "02-udp-ack-lzw, 02-udp-ack-lzw.plain", "05-udp-crc-lzw-compound, 05-udp-crc-lzw-compound.plain",
			"19-tcp-pushpull-join-request, 19-tcp-pushpull-join-request.plain",
			"20-tcp-pushpull-join-response, 20-tcp-pushpull-join-response.plain",
			"21-tcp-ping-fallback, 21-tcp-ping-fallback.plain", "22-tcp-ack-fallback, 22-tcp-ack-fallback.plain",
			"26-tcp-pushpull-join-response-with-events, 26-tcp-pushpull-join-response-with-events.plain",
			"27-tcp-pushpull-periodic, 27-tcp-pushpull-periodic.plain",
			"30-enc-tcp-pushpull-join-request.decrypted, 30-enc-tcp-pushpull-join-request.plain",
			"31-enc-tcp-pushpull-join-response.decrypted, 31-enc-tcp-pushpull-join-response.plain" })
	void recordedBufDecompressesToPlainMessage(String compressMessage, String plain) throws Exception {
		byte[] buf = recordedBuf(Fixtures.bytes(compressMessage));
		assertThat(Lzw.decompress(buf, MAX)).isEqualTo(Fixtures.bytes(plain));
	}

	@ParameterizedTest
	@CsvSource({ "02-udp-ack-lzw, 02-udp-ack-lzw.plain", "05-udp-crc-lzw-compound, 05-udp-crc-lzw-compound.plain",
			"19-tcp-pushpull-join-request, 19-tcp-pushpull-join-request.plain",
			"20-tcp-pushpull-join-response, 20-tcp-pushpull-join-response.plain",
			"21-tcp-ping-fallback, 21-tcp-ping-fallback.plain", "22-tcp-ack-fallback, 22-tcp-ack-fallback.plain",
			"26-tcp-pushpull-join-response-with-events, 26-tcp-pushpull-join-response-with-events.plain",
			"27-tcp-pushpull-periodic, 27-tcp-pushpull-periodic.plain",
			"30-enc-tcp-pushpull-join-request.decrypted, 30-enc-tcp-pushpull-join-request.plain",
			"31-enc-tcp-pushpull-join-response.decrypted, 31-enc-tcp-pushpull-join-response.plain" })
	void plainMessageCompressesToRecordedBuf(String compressMessage, String plain) {
		byte[] buf = recordedBuf(Fixtures.bytes(compressMessage));
		assertThat(Lzw.compress(Fixtures.bytes(plain))).isEqualTo(buf);
	}

	@Test
	void recordedBufStartsWithClearCode() {
		byte[] buf = recordedBuf(Fixtures.bytes("02-udp-ack-lzw"));
		assertThat(((buf[1] & 1) << 8) | (buf[0] & 0xff)).isEqualTo(256);
	}

	@ParameterizedTest
	@CsvSource({ "'', 000302", "a, 00c30404", "abababababababab, 00c388114870a0c1820101" })
	void compressesShortInputsAsGo(String text, String expected) {
		assertThat(Lzw.compress(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(HexFormat.of().parseHex(expected));
	}

	@Test
	void compressesEveryPrefixAsGoAcrossTheFirstTwoClears() {
		// First clear at 3964 bytes (written by the writer's close), second at 7913.
		byte[] data = generated(8_000, false);
		assertThat(sweepDigest(data, 0, 8_000))
			.isEqualTo("809f0672d79d518cd8782a61cba8b00e0ffb0fabd687a342487c295f3f46e63b");
	}

	@Test
	void compressesLowEntropyPrefixesAsGoAroundClears() {
		byte[] data = generated(36_400, true);
		assertThat(sweepDigest(data, 18_100, 18_300))
			.isEqualTo("05fc9c910a6beba6674baec1de703d2864040e8f69d53f293ab7444d4edd61b3");
		assertThat(sweepDigest(data, 36_300, 36_400))
			.isEqualTo("cfa63e8c5626f6d5db7e3001d2c44d29eb2e47312e3ec1983b3a4d6b73e27fb0");
	}

	@ParameterizedTest
	@CsvSource({ "random, 100000, 136874, 2ae727d8b8afd8e513cad4ea7fdb0d05c8838493e4870bbffb414eaf96c264fa",
			"alphabet, 300000, 89376, 88c0256e7dc4b11d2f4cd4d1ef9e55236cf2458fe43ded1886a9012bc16500e8",
			"zeros, 8000000, 6829, 9348ae0c274cbdfcb00eacd8d1424443fe1848d75b8559787ce9385c7b5f6a1e" })
	void compressesLongInputsAsGo(String kind, int length, int compressedLength, String sha256) throws Exception {
		byte[] data = switch (kind) {
			case "random" -> generated(length, false);
			case "alphabet" -> generated(length, true);
			default -> new byte[length];
		};
		byte[] compressed = Lzw.compress(data);
		assertThat(compressed).hasSize(compressedLength);
		assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(compressed)))
			.isEqualTo(sha256);
		assertThat(Lzw.decompress(compressed, length)).isEqualTo(data);
	}

	@Property(tries = 200)
	void decompressInvertsCompress(@ForAll("anyBytes") byte[] data) throws Exception {
		assertThat(Lzw.decompress(Lzw.compress(data), data.length)).isEqualTo(data);
	}

	@Property(tries = 50)
	void decompressInvertsCompressOfRepetitiveInput(@ForAll("fewDistinctBytes") byte[] data) throws Exception {
		assertThat(Lzw.decompress(Lzw.compress(data), data.length)).isEqualTo(data);
	}

	@Property(tries = 200)
	void decompressAcceptsStreamWithoutLeadingClear(@ForAll("anyBytes") byte[] data) throws Exception {
		// Go writers before 1.17 wrote the same codes without the leading clear.
		assertThat(Lzw.decompress(dropFirstCode(Lzw.compress(data)), data.length)).isEqualTo(data);
	}

	@Property(tries = 500)
	void decompressOfArbitraryBytesFailsOnlyAsMalformedMessage(@ForAll("anyBytes") byte[] data) {
		try {
			assertThat(Lzw.decompress(data, 4096)).hasSizeLessThanOrEqualTo(4096);
		}
		catch (MalformedMessageException ex) {
			assertThat(ex.reason()).isIn(DropReason.BAD_COMPRESSION, DropReason.OVERSIZED);
		}
	}

	@Provide
	Arbitrary<byte[]> anyBytes() {
		return Arbitraries.bytes().array(byte[].class).ofMaxSize(12_000).withSizeDistribution(RandomDistribution.uniform());
	}

	@Provide
	Arbitrary<byte[]> fewDistinctBytes() {
		return Arbitraries.bytes()
			.between((byte) 'a', (byte) 'c')
			.array(byte[].class)
			.ofMinSize(10_000)
			.ofMaxSize(60_000)
			.withSizeDistribution(RandomDistribution.uniform());
	}

	@ParameterizedTest
	@CsvSource({ "8000, false", "40000, true" })
	void decompressesLongStreamWithoutLeadingClear(int length, boolean fourLetters) throws Exception {
		byte[] data = generated(length, fourLetters);
		assertThat(Lzw.decompress(dropFirstCode(Lzw.compress(data)), length)).isEqualTo(data);
	}

	@Test
	void decompressesStreamWithoutAnyClear() throws Exception {
		// 'a' then the end code, 9 bits each: 0x61 | 0x101 << 9.
		assertThat(Lzw.decompress(HexFormat.of().parseHex("610202"), MAX)).isEqualTo("a".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void keepsDecodingWithFullDictionaryUntilEnd() throws Exception {
		// A writer that never clears: after 3839 literals every code up to 4095 is defined and
		// the dictionary stops growing. Go's reader accepts this; the same stream was checked
		// against it.
		CodeWriter writer = new CodeWriter();
		writer.code(256);
		byte[] literals = new byte[3900];
		for (int i = 0; i < literals.length; i++) {
			literals[i] = (byte) (i * 7);
			writer.code(literals[i] & 0xff);
		}
		writer.code(4095).code(300).code(4094).code(257);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		expected.writeBytes(literals);
		expected.writeBytes(new byte[] { literals[3837], literals[3838], literals[42], literals[43], literals[3836],
				literals[3837] });
		assertThat(Lzw.decompress(writer.toByteArray(), MAX)).isEqualTo(expected.toByteArray());
	}

	@Test
	void decompressesCodeDefinedByItself() throws Exception {
		// "aaa": 'a', then 258 = "a" + "a" before the decoder has defined 258.
		assertThat(Lzw.decompress(new CodeWriter().code(256).code('a').code(258).code(257).toByteArray(), MAX))
			.isEqualTo("aaa".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void ignoresBytesAfterEndCode() throws Exception {
		byte[] stream = Lzw.compress("hello".getBytes(StandardCharsets.US_ASCII));
		byte[] padded = Arrays.copyOf(stream, stream.length + 3);
		padded[stream.length] = (byte) 0xff;
		assertThat(Lzw.decompress(padded, MAX)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void decompressesPartOfArray() throws Exception {
		byte[] stream = Lzw.compress("hello".getBytes(StandardCharsets.US_ASCII));
		byte[] framed = new byte[stream.length + 4];
		System.arraycopy(stream, 0, framed, 2, stream.length);
		assertThat(Lzw.decompress(framed, 2, stream.length, MAX)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void rejectsCodeBeyondNextEntry() {
		assertBadCompression(new CodeWriter().code(256).code('a').code(300).code(257).toByteArray());
	}

	@Test
	void rejectsDictionaryCodeRightAfterClear() {
		assertBadCompression(new CodeWriter().code(256).code(258).code(257).toByteArray());
	}

	@Test
	void rejectsStreamWithoutEndCode() {
		assertBadCompression(new CodeWriter().code(256).code('a').code('b').toByteArray());
		byte[] stream = Lzw.compress("hello, hello, hello".getBytes(StandardCharsets.US_ASCII));
		assertBadCompression(Arrays.copyOf(stream, stream.length - 1));
	}

	@Test
	void rejectsEmptyStream() {
		assertBadCompression(new byte[0]);
	}

	@Test
	void rejectsOutputLargerThanLimit() throws Exception {
		byte[] data = generated(5_000, true);
		byte[] stream = Lzw.compress(data);
		assertThat(Lzw.decompress(stream, data.length)).isEqualTo(data);
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> Lzw.decompress(stream, data.length - 1))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.OVERSIZED);
	}

	@Test
	void bombIsRefusedBeforeAnyOutputIsAllocated() throws Exception {
		// 8 MB of zeros compress to under 7 KB.
		byte[] bomb = Lzw.compress(new byte[8_000_000]);
		int limit = 1 << 20;
		assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().getId();
		DropReason reason = null;
		long before = threads.getThreadAllocatedBytes(thread);
		try {
			Lzw.decompress(bomb, limit);
		}
		catch (MalformedMessageException ex) {
			reason = ex.reason();
		}
		long allocated = threads.getThreadAllocatedBytes(thread) - before;
		assertThat(reason).isEqualTo(DropReason.OVERSIZED);
		// Only the dictionary tables, about 24 KiB.
		assertThat(allocated).isLessThan(64 * 1024);
	}

	@Test
	void rejectsNegativeLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> Lzw.decompress(new byte[3], -1))
			.withMessageContaining("-1");
	}

	private static void assertBadCompression(byte[] stream) {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> Lzw.decompress(stream, MAX))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.BAD_COMPRESSION);
	}

	/**
	 * Finds {@code Buf} in a compress message {@code [9]{Algo, Buf}}, possibly behind a CRC
	 * header: the raw string after the key {@code a3 "Buf"}. Just enough msgpack for the
	 * fixtures.
	 */
	private static byte[] recordedBuf(byte[] message) {
		int start = ((message[0] & 0xff) == 12) ? 5 : 0;
		assertThat(message[start]).as("compress type byte").isEqualTo((byte) 9);
		byte[] key = { (byte) 0xa3, 'B', 'u', 'f' };
		for (int i = start + 1; i + key.length < message.length; i++) {
			if (Arrays.equals(message, i, i + key.length, key, 0, key.length)) {
				ByteBuffer header = ByteBuffer.wrap(message, i + key.length, message.length - i - key.length);
				int type = header.get() & 0xff;
				int length;
				if (type >= 0xa0 && type <= 0xbf) {
					length = type - 0xa0;
				}
				else if (type == 0xda) {
					length = header.getShort() & 0xffff;
				}
				else if (type == 0xdb) {
					length = header.getInt();
				}
				else {
					throw new AssertionError("Buf is not a raw string: " + Integer.toHexString(type));
				}
				assertThat(header.remaining()).as("bytes after Buf's header").isEqualTo(length);
				byte[] buf = new byte[length];
				header.get(buf);
				return buf;
			}
		}
		throw new AssertionError("no Buf key");
	}

	/**
	 * Bytes from xorshift32 seeded with 2463534, the generator of the Go program that produced
	 * the digests: the top byte of each state, or 'a' plus its top two bits.
	 */
	private static byte[] generated(int length, boolean fourLetters) {
		byte[] data = new byte[length];
		int x = 2463534;
		for (int i = 0; i < length; i++) {
			x ^= x << 13;
			x ^= x >>> 17;
			x ^= x << 5;
			data[i] = fourLetters ? (byte) ('a' + (x >>> 30)) : (byte) (x >>> 24);
		}
		return data;
	}

	/**
	 * SHA-256 over {@code u32 BE length ‖ compress(data[0..n))} for each n in [from, to].
	 */
	private static String sweepDigest(byte[] data, int from, int to) {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		for (int n = from; n <= to; n++) {
			byte[] compressed = Lzw.compress(Arrays.copyOf(data, n));
			digest.update(ByteBuffer.allocate(4).putInt(compressed.length).array());
			digest.update(compressed);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * Removes the leading 9-bit clear code, shifting the rest of the stream down.
	 */
	private static byte[] dropFirstCode(byte[] stream) {
		assertThat(((stream[1] & 1) << 8) | (stream[0] & 0xff)).isEqualTo(256);
		int bits = stream.length * 8 - 9;
		byte[] shifted = new byte[(bits + 7) / 8];
		for (int bit = 0; bit < bits; bit++) {
			int from = bit + 9;
			if ((stream[from >>> 3] & (1 << (from & 7))) != 0) {
				shifted[bit >>> 3] |= (byte) (1 << (bit & 7));
			}
		}
		return shifted;
	}

	/**
	 * Packs codes least significant bit first, growing the width as a decoder does; for
	 * streams Go's writer would never produce.
	 */
	private static final class CodeWriter {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private int bits;

		private int count;

		private int width = 9;

		private int next = 257;

		CodeWriter code(int code) {
			this.bits |= code << this.count;
			this.count += this.width;
			while (this.count >= 8) {
				this.out.write(this.bits);
				this.bits >>>= 8;
				this.count -= 8;
			}
			if (code == 256) {
				this.width = 9;
				this.next = 257;
			}
			else if (code != 257 && this.next < 4096) {
				this.next++;
				if (this.next == (1 << this.width) && this.width < 12) {
					this.width++;
				}
			}
			return this;
		}

		byte[] toByteArray() {
			ByteArrayOutputStream copy = new ByteArrayOutputStream();
			copy.writeBytes(this.out.toByteArray());
			if (this.count > 0) {
				copy.write(this.bits);
			}
			return copy.toByteArray();
		}

	}

}
