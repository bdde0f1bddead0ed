package dev.weir.gossip.wire.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed inputs of {@link DecoderFuzzTests} from the recorded serf traffic in
 * {@code src/test/resources/protocol-fixtures}, as raw files in the directory Jazzer reads,
 * {@code src/test/resources/dev/weir/gossip/wire/fuzz/DecoderFuzzTestsInputs/<method>/}.
 *
 * <p>Uses the JDK only, so that it runs without a build, from the repository root:
 * {@code java core/src/test/java/dev/weir/gossip/wire/fuzz/SeedCorpus.java core}. It overwrites
 * the seeds it names and leaves every other file alone, in particular the {@code crash-*}
 * inputs Jazzer saves there when it finds something.
 *
 * <p>Tests that take a {@code FuzzedDataProvider} read their integers from the end of the
 * input, one byte each, and the bytes to decode from the front; their seeds are laid out to
 * match, as the comments on each method below say.
 */
final class SeedCorpus {

	private static final String INPUTS = "src/test/resources/dev/weir/gossip/wire/fuzz/DecoderFuzzTestsInputs";

	private static final String FIXTURES = "src/test/resources/protocol-fixtures";

	/** The UDP recordings that are not encrypted: exactly what a datagram held. */
	private static final List<String> UDP = List.of("01-udp-ping", "02-udp-ack-lzw", "03-udp-ack-coordinate",
			"04-udp-crc-compound-alive-alive-join", "05-udp-crc-lzw-compound", "06-udp-crc-serf-join",
			"07-udp-crc-serf-user-event", "08-udp-crc-serf-query", "09-udp-serf-query-ack", "10-udp-indirect-ping",
			"11-udp-nack", "12-udp-crc-compound-ping-suspect", "13-udp-crc-alive-refute", "14-udp-crc-serf-leave",
			"15-udp-crc-dead-left", "16-udp-compound-ping-dead", "17-udp-crc-suspect", "18-udp-crc-dead-failed",
			"23-udp-crc-compound-two-user-events", "24-udp-crc-alive-tags-update", "25-udp-compound-ack-leave");

	/** The TCP recordings that are not encrypted: one side's stream, a compress message each. */
	private static final List<String> TCP = List.of("19-tcp-pushpull-join-request", "20-tcp-pushpull-join-response",
			"21-tcp-ping-fallback", "22-tcp-ack-fallback", "26-tcp-pushpull-join-response-with-events",
			"27-tcp-pushpull-periodic");

	private static final List<String> PUSH_PULL = List.of("19-tcp-pushpull-join-request",
			"20-tcp-pushpull-join-response", "26-tcp-pushpull-join-response-with-events", "27-tcp-pushpull-periodic");

	/**
	 * Codes of a run of zeros whose expansion stays just under 1 MiB: after the first literal,
	 * each code names the entry it defines and expands one byte further, 1 + 2 + ... + 1447 =
	 * 1,047,628 bytes.
	 */
	private static final int NEAR_CAP_CODES = 1446;

	/** As {@link #NEAR_CAP_CODES}, one code more: 1 + 2 + ... + 1448 = 1,049,076 bytes. */
	private static final int OVER_CAP_CODES = 1447;

	private static final int LZW_CLEAR = 256;

	private static final int LZW_END = 257;

	private static final int LZW_MAX_CODES = 1 << 12;

	/** As {@code DecoderFuzzTests}: the count is one byte. */
	private static final int MAX_OPERATIONS = 255;

	/** The modes of the keyring tests, as {@code DecoderFuzzTests.Mode} numbers them. */
	private static final int MODE_RAW = 0;

	private static final int MODE_SEALED = 1;

	private static final int MODE_SEALED_VERSION_0 = 2;

	private final Path fixtures;

	private final Path inputs;

	private SeedCorpus(Path module) {
		this.fixtures = module.resolve(FIXTURES);
		this.inputs = module.resolve(INPUTS);
	}

	/**
	 * Writes the seeds.
	 * @param args the module directory ({@code core} from the repository root), {@code .} if
	 * none is given
	 * @throws IOException if a fixture cannot be read or a seed cannot be written
	 */
	public static void main(String[] args) throws IOException {
		SeedCorpus corpus = new SeedCorpus(Path.of((args.length > 0) ? args[0] : "."));
		corpus.write("packetDecodeNeverThrows", corpus.packets());
		corpus.write("openPacketWithKeyringNeverThrows", corpus.keyedPackets());
		corpus.write("openStreamWithoutKeyringThrowsOnlyMalformed", corpus.plainStreams());
		corpus.write("openStreamWithKeyringThrowsOnlyMalformed", corpus.keyedStreams());
		corpus.write("lzwDecompressStaysWithinItsCap", corpus.lzwStreams());
		corpus.write("msgpackReaderThrowsOnlyMalformedAndStaysInItsWindow", corpus.msgpackWalks());
		corpus.write("pushPullDecodeThrowsOnlyMalformed", corpus.pushPullBodies());
	}

	/** Every unencrypted recording and every unwrapped message, as a datagram. */
	private Map<String, byte[]> packets() {
		Map<String, byte[]> seeds = new LinkedHashMap<>();
		for (String name : UDP) {
			seeds.put(name, fixture(name));
		}
		seeds.put("02-udp-ack-lzw.plain", fixture("02-udp-ack-lzw.plain"));
		seeds.put("05-udp-crc-lzw-compound.plain", fixture("05-udp-crc-lzw-compound.plain"));
		for (String name : TCP) {
			seeds.put(name, fixture(name));
			seeds.put(name + ".plain", fixture(name + ".plain"));
		}
		seeds.put("lzw-just-under-cap.compress", compressMessage(zeroRun(NEAR_CAP_CODES)));
		seeds.put("lzw-over-cap.compress", compressMessage(zeroRun(OVER_CAP_CODES)));
		return seeds;
	}

	/**
	 * The encrypted datagrams as recorded (mode byte 0 at the end), the unencrypted ones to be
	 * sealed by the test (mode 1), and a few padded as encryption version 0 wants before the test
	 * seals them and sets the version byte to 0 (mode 2).
	 */
	private Map<String, byte[]> keyedPackets() {
		Map<String, byte[]> seeds = new LinkedHashMap<>();
		seeds.put("28-enc-udp-ping.raw", append(fixture("28-enc-udp-ping"), MODE_RAW));
		seeds.put("29-enc-udp-crc-serf-user-event.raw", append(fixture("29-enc-udp-crc-serf-user-event"), MODE_RAW));
		for (String name : UDP) {
			seeds.put(name + ".sealed", append(fixture(name), MODE_SEALED));
		}
		for (String name : List.of("01-udp-ping", "04-udp-crc-compound-alive-alive-join", "07-udp-crc-serf-user-event")) {
			seeds.put(name + ".sealed-v0", append(pkcs7(fixture(name)), MODE_SEALED_VERSION_0));
		}
		return seeds;
	}

	/**
	 * What one side of an unencrypted TCP connection wrote, compressed as recorded and
	 * uncompressed, a stream user message (memberlist's {@code userMsg} with its
	 * {@code UserMsgLen} header, not in the recordings), and an encrypted stream the keyless
	 * envelope must refuse.
	 */
	private Map<String, byte[]> plainStreams() {
		Map<String, byte[]> seeds = new LinkedHashMap<>();
		for (String name : TCP) {
			seeds.put(name, fixture(name));
			seeds.put(name + ".plain", fixture(name + ".plain"));
		}
		seeds.put("user-message-stream", streamUserMessage("hello"));
		seeds.put("30-enc-tcp-pushpull-join-request", fixture("30-enc-tcp-pushpull-join-request"));
		seeds.put("lzw-just-under-cap.compress", compressMessage(zeroRun(NEAR_CAP_CODES)));
		return seeds;
	}

	/** As {@link #keyedPackets()}, for streams. */
	private Map<String, byte[]> keyedStreams() {
		Map<String, byte[]> seeds = new LinkedHashMap<>();
		seeds.put("30-enc-tcp-pushpull-join-request.raw", append(fixture("30-enc-tcp-pushpull-join-request"), MODE_RAW));
		seeds.put("31-enc-tcp-pushpull-join-response.raw",
				append(fixture("31-enc-tcp-pushpull-join-response"), MODE_RAW));
		for (String name : TCP) {
			seeds.put(name + ".sealed", append(fixture(name), MODE_SEALED));
			seeds.put(name + ".plain.sealed", append(fixture(name + ".plain"), MODE_SEALED));
		}
		seeds.put("user-message-stream.sealed", append(streamUserMessage("hello"), MODE_SEALED));
		seeds.put("21-tcp-ping-fallback.sealed-v0", append(pkcs7(fixture("21-tcp-ping-fallback")), MODE_SEALED_VERSION_0));
		return seeds;
	}

	/** The {@code Buf} of every recorded compress message: an LZW stream as Go wrote it. */
	private Map<String, byte[]> lzwStreams() {
		Map<String, byte[]> seeds = new LinkedHashMap<>();
		seeds.put("02-udp-ack-lzw.buf", compressedBuf(fixture("02-udp-ack-lzw"), 0));
		seeds.put("05-udp-crc-lzw-compound.buf", compressedBuf(fixture("05-udp-crc-lzw-compound"), 5));
		for (String name : TCP) {
			seeds.put(name + ".buf", compressedBuf(fixture(name), 0));
		}
		seeds.put("lzw-just-under-cap", zeroRun(NEAR_CAP_CODES));
		seeds.put("lzw-over-cap", zeroRun(OVER_CAP_CODES));
		seeds.put("lzw-full-dictionary", fullDictionary());
		return seeds;
	}

	/**
	 * Message bodies (msgpack after the type byte), each twice: with the read sequence that
	 * walks it value by value with the matching method (a push-pull message holds several
	 * top-level values), and with a skip and an end check. The coordinate inside a recorded ack
	 * is one of them, for its 64-bit floats. Layout
	 * from the front: body, back trim, front trim, the operations last to first, their count.
	 */
	private Map<String, byte[]> msgpackWalks() {
		Map<String, byte[]> bodies = new LinkedHashMap<>();
		bodies.put("01-udp-ping", tail(fixture("01-udp-ping"), 1));
		bodies.put("02-udp-ack-lzw", tail(fixture("02-udp-ack-lzw"), 1));
		bodies.put("02-udp-ack-lzw.plain", tail(fixture("02-udp-ack-lzw.plain"), 1));
		bodies.put("03-udp-ack-coordinate", tail(fixture("03-udp-ack-coordinate"), 1));
		bodies.put("03-udp-ack-coordinate.payload", tail(field(tail(fixture("03-udp-ack-coordinate"), 1), "Payload"), 1));
		bodies.put("07-udp-crc-serf-user-event", tail(fixture("07-udp-crc-serf-user-event"), 7));
		bodies.put("08-udp-crc-serf-query", tail(fixture("08-udp-crc-serf-query"), 7));
		bodies.put("09-udp-serf-query-ack", tail(fixture("09-udp-serf-query-ack"), 2));
		bodies.put("10-udp-indirect-ping", tail(fixture("10-udp-indirect-ping"), 1));
		bodies.put("11-udp-nack", tail(fixture("11-udp-nack"), 1));
		bodies.put("13-udp-crc-alive-refute", tail(fixture("13-udp-crc-alive-refute"), 6));
		bodies.put("15-udp-crc-dead-left", tail(fixture("15-udp-crc-dead-left"), 6));
		bodies.put("17-udp-crc-suspect", tail(fixture("17-udp-crc-suspect"), 6));
		bodies.put("24-udp-crc-alive-tags-update", tail(fixture("24-udp-crc-alive-tags-update"), 6));
		bodies.put("19-tcp-pushpull-join-request.plain", tail(fixture("19-tcp-pushpull-join-request.plain"), 1));
		bodies.put("22-tcp-ack-fallback.plain", tail(fixture("22-tcp-ack-fallback.plain"), 1));
		Map<String, byte[]> seeds = new LinkedHashMap<>();
		bodies.forEach((name, body) -> {
			seeds.put(name + ".walk", withOperations(body, Walk.of(body)));
			seeds.put(name + ".skip", withOperations(body, List.of(Walk.SKIP, Walk.EXPECT_END)));
		});
		return seeds;
	}

	/** The recorded push-pull messages without their type byte, which the test puts back. */
	private Map<String, byte[]> pushPullBodies() {
		Map<String, byte[]> seeds = new LinkedHashMap<>();
		for (String name : PUSH_PULL) {
			seeds.put(name + ".body", tail(fixture(name + ".plain"), 1));
		}
		return seeds;
	}

	private void write(String method, Map<String, byte[]> seeds) throws IOException {
		Path directory = Files.createDirectories(this.inputs.resolve(method));
		for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
			Files.write(directory.resolve(seed.getKey()), seed.getValue());
		}
		System.out.println(method + ": " + seeds.size() + " seeds");
	}

	private byte[] fixture(String name) {
		try {
			String hex = Files.readString(this.fixtures.resolve(name + ".hex"), StandardCharsets.US_ASCII);
			return HexFormat.of().parseHex(hex.strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] tail(byte[] bytes, int from) {
		return Arrays.copyOfRange(bytes, from, bytes.length);
	}

	private static byte[] append(byte[] bytes, int... trailer) {
		byte[] result = Arrays.copyOf(bytes, bytes.length + trailer.length);
		for (int i = 0; i < trailer.length; i++) {
			result[bytes.length + i] = (byte) trailer[i];
		}
		return result;
	}

	/** PKCS#7 padding to 16-byte blocks, as memberlist pads encryption version 0 messages. */
	private static byte[] pkcs7(byte[] plain) {
		int padding = 16 - plain.length % 16;
		byte[] padded = Arrays.copyOf(plain, plain.length + padding);
		Arrays.fill(padded, plain.length, padded.length, (byte) padding);
		return padded;
	}

	/** {@code [8]{UserMsgLen: n}[payload]}, as memberlist's {@code sendUserMsg} writes a stream. */
	private static byte[] streamUserMessage(String payload) {
		byte[] key = "UserMsgLen".getBytes(StandardCharsets.US_ASCII);
		byte[] body = payload.getBytes(StandardCharsets.US_ASCII);
		byte[] message = new byte[3 + key.length + 1 + body.length];
		message[0] = 8;
		message[1] = (byte) 0x81;
		message[2] = (byte) (0xa0 | key.length);
		System.arraycopy(key, 0, message, 3, key.length);
		message[3 + key.length] = (byte) body.length;
		System.arraycopy(body, 0, message, 4 + key.length, body.length);
		return message;
	}

	/** The operations, last first, then their count, after the body and two zero trims. */
	private static byte[] withOperations(byte[] body, List<Integer> operations) {
		List<Integer> operationCodes = operations.subList(0, Math.min(operations.size(), MAX_OPERATIONS));
		int[] trailer = new int[2 + operationCodes.size() + 1];
		for (int i = 0; i < operationCodes.size(); i++) {
			trailer[2 + i] = operationCodes.get(operationCodes.size() - 1 - i);
		}
		trailer[trailer.length - 1] = operationCodes.size();
		return append(body, trailer);
	}

	/**
	 * An LZW stream of zeros, as Go's writer would produce for them: a clear code, the literal
	 * 0, then {@code codes} codes that each name the entry they define.
	 */
	private static byte[] zeroRun(int codes) {
		List<Integer> stream = new ArrayList<>(List.of(LZW_CLEAR, 0));
		for (int i = 0; i < codes; i++) {
			stream.add(LZW_END + 1 + i);
		}
		stream.add(LZW_END);
		return packLzw(stream);
	}

	/**
	 * An LZW stream of literals long enough to fill the dictionary (4096 codes) and go on
	 * without a clear code, which Go's reader accepts and its writer never does.
	 */
	private static byte[] fullDictionary() {
		List<Integer> stream = new ArrayList<>(List.of(LZW_CLEAR));
		for (int i = 0; i < LZW_MAX_CODES - LZW_END + 64; i++) {
			stream.add(i % 7);
		}
		stream.add(LZW_END);
		return packLzw(stream);
	}

	/**
	 * Packs LZW codes least significant bit first, widening from 9 to 12 bits as the decoder
	 * does: its next free code starts at 257 and grows by one per code until the dictionary
	 * is full.
	 */
	private static byte[] packLzw(List<Integer> codes) {
		byte[] out = new byte[codes.size() * 2 + 1];
		int size = 0;
		int bits = 0;
		int bitCount = 0;
		int width = 9;
		int next = LZW_END;
		for (int code : codes) {
			bits |= code << bitCount;
			bitCount += width;
			while (bitCount >= 8) {
				out[size++] = (byte) bits;
				bits >>>= 8;
				bitCount -= 8;
			}
			if (code == LZW_CLEAR) {
				width = 9;
				next = LZW_END;
			}
			else if (code != LZW_END && next < LZW_MAX_CODES) {
				next++;
				if (next == (1 << width) && width < 12) {
					width++;
				}
			}
		}
		if (bitCount > 0) {
			out[size++] = (byte) bits;
		}
		return Arrays.copyOf(out, size);
	}

	/** {@code [9]{Algo: 0, Buf: bin16}}, a compress message around an LZW stream. */
	private static byte[] compressMessage(byte[] lzw) {
		byte[] head = HexFormat.of().parseHex("0982a4416c676f00a3427566c5");
		byte[] message = Arrays.copyOf(head, head.length + 2 + lzw.length);
		message[head.length] = (byte) (lzw.length >>> 8);
		message[head.length + 1] = (byte) lzw.length;
		System.arraycopy(lzw, 0, message, head.length + 2, lzw.length);
		return message;
	}

	/** Finds {@code Buf} in a compress message at {@code offset} and returns its bytes. */
	private static byte[] compressedBuf(byte[] packet, int offset) {
		if (packet[offset] != 9) {
			throw new IllegalArgumentException("not a compress message at " + offset);
		}
		return field(tail(packet, offset + 1), "Buf");
	}

	/** Returns the bytes of a string or binary field of a msgpack map. */
	private static byte[] field(byte[] map, String name) {
		Walk walk = new Walk(map, 0);
		int entries = walk.header();
		for (int i = 0; i < entries; i++) {
			String key = walk.string();
			if (key.equals(name)) {
				return walk.raw();
			}
			walk.value(new ArrayList<>());
		}
		throw new IllegalArgumentException("no field " + name);
	}

	/**
	 * Just enough msgpack to walk the recorded bodies and name, value by value, the
	 * {@code MsgpackReader} method that reads each; the operation codes are the ordinals of
	 * {@code DecoderFuzzTests.Operation}.
	 */
	private static final class Walk {

		static final int SKIP = 0;

		static final int STRING = 1;

		static final int BYTES = 2;

		static final int MAP_HEADER = 3;

		static final int ARRAY_HEADER = 4;

		static final int INTEGER = 5;

		static final int FLOAT64 = 6;

		static final int BOOL = 7;

		static final int NIL = 8;

		static final int EXPECT_END = 12;

		private final byte[] bytes;

		private int position;

		Walk(byte[] bytes, int position) {
			this.bytes = bytes;
			this.position = position;
		}

		static List<Integer> of(byte[] body) {
			Walk walk = new Walk(body, 0);
			List<Integer> operations = new ArrayList<>();
			while (walk.position < body.length && operations.size() < MAX_OPERATIONS) {
				walk.value(operations);
			}
			operations.add(EXPECT_END);
			return operations;
		}

		void value(List<Integer> operations) {
			int b = this.bytes[this.position] & 0xff;
			if ((b & 0xf0) == 0x80 || b == 0xde) {
				operations.add(MAP_HEADER);
				int entries = header();
				for (int i = 0; i < 2 * entries; i++) {
					value(operations);
				}
			}
			else if ((b & 0xf0) == 0x90 || b == 0xdc) {
				operations.add(ARRAY_HEADER);
				int elements = header();
				for (int i = 0; i < elements; i++) {
					value(operations);
				}
			}
			else if ((b & 0xe0) == 0xa0 || b == 0xd9 || b == 0xda) {
				operations.add(STRING);
				raw();
			}
			else if (b == 0xc4 || b == 0xc5) {
				operations.add(BYTES);
				raw();
			}
			else if (b == 0xc0 || b == 0xc2 || b == 0xc3) {
				operations.add((b == 0xc0) ? NIL : BOOL);
				this.position++;
			}
			else if (b == 0xca || b == 0xcb) {
				operations.add(FLOAT64);
				this.position += (b == 0xca) ? 5 : 9;
			}
			else if (b < 0x80 || b >= 0xe0) {
				operations.add(INTEGER);
				this.position++;
			}
			else if (b >= 0xcc && b <= 0xd3) {
				operations.add(INTEGER);
				this.position += 1 + (1 << ((b - 0xcc) % 4));
			}
			else {
				throw new IllegalArgumentException("no seed walk for msgpack byte 0x" + Integer.toHexString(b));
			}
		}

		int header() {
			int b = this.bytes[this.position++] & 0xff;
			if (b == 0xde || b == 0xdc) {
				return uint(2);
			}
			return b & 0x0f;
		}

		String string() {
			return new String(raw(), StandardCharsets.UTF_8);
		}

		byte[] raw() {
			int b = this.bytes[this.position++] & 0xff;
			int length = switch (b) {
				case 0xd9, 0xc4 -> uint(1);
				case 0xda, 0xc5 -> uint(2);
				default -> b & 0x1f;
			};
			byte[] raw = Arrays.copyOfRange(this.bytes, this.position, this.position + length);
			this.position += length;
			return raw;
		}

		private int uint(int size) {
			int value = 0;
			for (int i = 0; i < size; i++) {
				value = (value << 8) | (this.bytes[this.position++] & 0xff);
			}
			return value;
		}

	}

}
