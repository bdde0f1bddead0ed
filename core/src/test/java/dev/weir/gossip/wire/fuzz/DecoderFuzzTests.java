package dev.weir.gossip.wire.fuzz;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import dev.weir.gossip.crypto.Keyring;
import dev.weir.gossip.transport.Envelope;
import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.Lzw;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.Message;
import dev.weir.gossip.wire.MessageType;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.Packets;
import dev.weir.gossip.wire.PushPull;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of every decoder that reads bytes from the network: bad input is dropped and
 * counted, never a crash. Each test fails on any exception other than
 * {@link MalformedMessageException} (on any exception at all for {@link Packets#decode} and
 * {@link Envelope#openPacket}), on a decoder that allocates more than its budget, and on an
 * input that runs longer than the {@link Timeout}: JUnit enforces it on each seed, Jazzer passes
 * it to libFuzzer as {@code -timeout} while fuzzing.
 *
 * <p>In a plain {@code ./mvnw verify} each test runs once on the empty input and once on each
 * file in {@code src/test/resources/dev/weir/gossip/wire/fuzz/DecoderFuzzTestsInputs/<method>/}:
 * the seeds {@link SeedCorpus} cut from the recorded serf traffic, and any {@code crash-*} input a
 * fuzzing run saved there. With {@code JAZZER_FUZZ=1}, Jazzer fuzzes one method (pick it with
 * {@code -Dtest=DecoderFuzzTests#method}) for {@code maxDuration} or {@code -Djazzer.max_duration};
 * such a run needs {@code -Djunit.jupiter.execution.timeout.mode=disabled}, or JUnit would apply
 * the per-input timeout to the whole run.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DecoderFuzzTests {

	/** At most this many reader operations per msgpack input: the count is one byte. */
	static final int MAX_OPERATIONS = 255;

	private static final int MIB = 1 << 20;

	/** The cap of the LZW test: a packet part's, as {@link Envelope} sets it. */
	private static final int LZW_CAP = Envelope.MAX_PACKET_EXPANSION;

	private static final int ROUND_TRIP_LIMIT = 64 * 1024;

	/**
	 * A packet may expand to at most {@link Envelope#MAX_PACKET_EXPANSION} per compressed part;
	 * decoding one such part copies its {@code Buf}, writes the output and reads messages out of
	 * it. Eight times the cap leaves room for that, and fails a packet that expands part after
	 * part (compound or nested compression) into many mebibytes.
	 */
	private static final long PACKET_BUDGET = 8L * Envelope.MAX_PACKET_EXPANSION;

	/**
	 * A stream may expand to {@link Envelope#MAX_STREAM} (memberlist's own bound): the output,
	 * the message copied out of it, and what the message holds.
	 */
	private static final long STREAM_BUDGET = 4L * Envelope.MAX_STREAM;

	/** Per input byte, on top of a budget: copies of what was read, as UTF-16 strings at worst. */
	private static final int BUDGET_PER_INPUT_BYTE = 32;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	/** The key of the encrypted recordings: the bytes 0 to 31 (AES-256). */
	private static final Keyring KEYRING = Keyring.of(List.of(key()));

	private static final Envelope PLAIN = new Envelope(null, true, new SplittableRandom(1));

	private static final Envelope ENCRYPTED = new Envelope(KEYRING, true, new SplittableRandom(1));

	private static final byte[] NO_AAD = new byte[0];

	/**
	 * A packet as the transport hands it over after decryption: whatever it holds is delivered
	 * or counted as dropped, and every delivered message can be written again (a node
	 * re-gossips what it receives).
	 */
	@FuzzTest(maxDuration = "2m")
	void packetDecodeNeverThrows(byte[] packet) {
		Received received = new Received();
		withinBudget("Packets.decode", PACKET_BUDGET, packet.length,
				() -> Packets.decode(packet, Envelope.MAX_PACKET_EXPANSION, received));
		received.encodeAll();
	}

	/**
	 * A datagram opened with the recorded key. {@link Mode#RAW} fuzzes the ciphertext itself;
	 * {@link Mode#SEALED} and {@link Mode#SEALED_VERSION_0} seal the fuzzed bytes first, so that
	 * the fuzzer reaches what lies behind the decryption (version 0 strips PKCS#7 padding the
	 * fuzzer controls).
	 */
	@FuzzTest(maxDuration = "2m")
	void openPacketWithKeyringNeverThrows(FuzzedDataProvider data) {
		Mode mode = Mode.of(data);
		byte[] bytes = data.consumeRemainingAsBytes();
		byte[] packet = switch (mode) {
			case RAW -> bytes;
			case SEALED -> KEYRING.encrypt(bytes, NO_AAD, new SplittableRandom(bytes.length));
			case SEALED_VERSION_0 -> versionZero(KEYRING.encrypt(bytes, NO_AAD, new SplittableRandom(bytes.length)), 0);
		};
		Received received = new Received();
		withinBudget("Envelope.openPacket", PACKET_BUDGET, packet.length, () -> ENCRYPTED.openPacket(packet, received));
		received.encodeAll();
	}

	/** What a peer wrote on a TCP connection, read by a node without a keyring. */
	@FuzzTest(maxDuration = "2m")
	void openStreamWithoutKeyringThrowsOnlyMalformed(byte[] stream) {
		withinBudget("Envelope.openStream", STREAM_BUDGET, stream.length, () -> PLAIN.openStream(stream));
	}

	/** What a peer wrote on a TCP connection, read with the recorded key; modes as for packets. */
	@FuzzTest(maxDuration = "2m")
	void openStreamWithKeyringThrowsOnlyMalformed(FuzzedDataProvider data) {
		Mode mode = Mode.of(data);
		byte[] bytes = data.consumeRemainingAsBytes();
		byte[] stream = switch (mode) {
			case RAW -> bytes;
			case SEALED -> KEYRING.encryptStream(bytes, new SplittableRandom(bytes.length));
			case SEALED_VERSION_0 -> versionZero(KEYRING.encryptStream(bytes, new SplittableRandom(bytes.length)),
					Keyring.STREAM_HEADER_LENGTH);
		};
		withinBudget("Envelope.openStream", STREAM_BUDGET, stream.length, () -> ENCRYPTED.openStream(stream));
	}

	/**
	 * An LZW stream expanded with a 1 MiB cap: the output never exceeds the cap, the decoder
	 * allocates little beyond it, and what it expands to compresses and expands back (checked
	 * up to 64 KiB, enough for the writer to clear its dictionary, so that near-cap bombs do
	 * not slow the fuzzer down).
	 */
	@FuzzTest(maxDuration = "2m")
	void lzwDecompressStaysWithinItsCap(byte[] compressed) {
		byte[][] plain = new byte[1][];
		withinBudget("Lzw.decompress", LZW_CAP + MIB, compressed.length,
				() -> plain[0] = Lzw.decompress(compressed, LZW_CAP));
		if (plain[0] != null) {
			assertThat(plain[0].length).isLessThanOrEqualTo(LZW_CAP);
		}
		if (plain[0] != null && plain[0].length <= ROUND_TRIP_LIMIT) {
			try {
				assertThat(Lzw.decompress(Lzw.compress(plain[0]), LZW_CAP)).isEqualTo(plain[0]);
			}
			catch (MalformedMessageException ex) {
				throw new AssertionError("Lzw.compress wrote what Lzw.decompress refuses: " + ex.getMessage(), ex);
			}
		}
	}

	/**
	 * A sequence of reader calls, chosen by the fuzzer, over a window of the fuzzed bytes. Every
	 * call returns or throws {@link MalformedMessageException}; the reader never leaves its
	 * window, so a reader over a copy of the window alone gives the same results; headers never
	 * announce more elements than the bytes left could hold.
	 */
	@FuzzTest(maxDuration = "2m")
	void msgpackReaderThrowsOnlyMalformedAndStaysInItsWindow(FuzzedDataProvider data) {
		int count = data.consumeInt(0, MAX_OPERATIONS);
		Operation[] operations = new Operation[count];
		for (int i = 0; i < count; i++) {
			operations[i] = Operation.VALUES[data.consumeInt(0, Operation.VALUES.length - 1)];
		}
		int front = data.consumeInt(0, 3);
		int back = data.consumeInt(0, 3);
		byte[] bytes = data.consumeRemainingAsBytes();
		int offset = Math.min(front, bytes.length);
		int length = Math.max(0, bytes.length - offset - back);
		byte[] window = Arrays.copyOfRange(bytes, offset, offset + length);
		withinBudget("MsgpackReader", MIB, bytes.length, () -> {
			MsgpackReader inside = new MsgpackReader(bytes, offset, length);
			MsgpackReader alone = new MsgpackReader(window);
			// Plain comparisons rather than AssertJ: this loop runs up to 255 times per input.
			for (Operation operation : operations) {
				int at = alone.position();
				Object expected = operation.outcome(alone);
				Object actual = operation.outcome(inside);
				if (!Objects.deepEquals(actual, expected) || inside.position() - offset != alone.position()
						|| inside.remaining() != alone.remaining() || inside.remaining() < 0
						|| inside.remaining() > length) {
					throw new AssertionError(operation + " at " + at + " of the window [" + offset + ", "
							+ (offset + length) + ") gave " + describe(actual) + " and moved to "
							+ (inside.position() - offset) + ", alone it gave " + describe(expected)
							+ " and moved to " + alone.position());
				}
			}
		});
	}

	/** A push-pull message body, the start of every TCP exchange of state. */
	@FuzzTest(maxDuration = "2m")
	void pushPullDecodeThrowsOnlyMalformed(byte[] body) {
		byte[] message = new byte[body.length + 1];
		message[0] = (byte) MessageType.PUSH_PULL.code();
		System.arraycopy(body, 0, message, 1, body.length);
		withinBudget("Packets.decodeMessage", MIB, message.length, () -> {
			Message decoded = Packets.decodeMessage(message, 0, message.length);
			assertThat(decoded).isInstanceOf(PushPull.class);
			assertThat(((PushPull) decoded).userState().length).isLessThan(message.length);
		});
	}

	/**
	 * Runs a decoder, takes {@link MalformedMessageException} as the expected way to refuse
	 * input, lets anything else fail the test, and fails it if the decoder allocated more than
	 * {@code budget} plus {@value #BUDGET_PER_INPUT_BYTE} bytes for each input byte. A run over
	 * budget is measured again before it fails: the first run on a code path also counts the
	 * loading and instrumenting of classes and the linking of call sites on this thread, which
	 * the decoder does not do again for the same input.
	 */
	private static void withinBudget(String decoder, long budget, int inputLength, Decoding decoding) {
		long limit = budget + (long) BUDGET_PER_INPUT_BYTE * inputLength;
		long allocated = allocatedBy(decoding);
		if (allocated > limit) {
			allocated = allocatedBy(decoding);
		}
		if (allocated > limit) {
			throw new AssertionError(decoder + " allocated " + allocated + " bytes for " + inputLength
					+ " input bytes; the budget is " + limit);
		}
	}

	private static long allocatedBy(Decoding decoding) {
		long before = THREADS.getCurrentThreadAllocatedBytes();
		try {
			decoding.run();
		}
		catch (MalformedMessageException ex) {
			Objects.requireNonNull(ex.reason(), "reason");
		}
		return THREADS.getCurrentThreadAllocatedBytes() - before;
	}

	private static String describe(Object outcome) {
		return (outcome instanceof byte[] bytes) ? HexFormat.of().formatHex(bytes) : String.valueOf(outcome);
	}

	/** Sets the version byte of an encryption version 1 message (at {@code at}) to 0. */
	private static byte[] versionZero(byte[] sealed, int at) {
		sealed[at] = 0;
		return sealed;
	}

	private static byte[] key() {
		byte[] key = new byte[32];
		for (int i = 0; i < key.length; i++) {
			key[i] = (byte) i;
		}
		return key;
	}

	/**
	 * A decoder call that may refuse its input.
	 */
	@FunctionalInterface
	private interface Decoding {

		void run() throws MalformedMessageException;

	}

	/**
	 * What the keyring tests do with the fuzzed bytes, read from the input's last byte.
	 */
	enum Mode {

		/** Open the bytes as they are. */
		RAW,

		/** Encrypt the bytes (version 1), then open them. */
		SEALED,

		/** Encrypt the bytes, set the version byte to 0, then open them. */
		SEALED_VERSION_0;

		private static final Mode[] VALUES = values();

		static Mode of(FuzzedDataProvider data) {
			return VALUES[data.consumeInt(0, VALUES.length - 1)];
		}

	}

	/**
	 * One {@link MsgpackReader} call, its ordinal the input byte that selects it. The outcome is
	 * what the call returned, or the {@link DropReason} it threw.
	 */
	enum Operation {

		SKIP, STRING, BYTES, MAP_HEADER, ARRAY_HEADER, INTEGER, FLOAT64, BOOL, NIL, NEXT_IS_NIL, BYTES_OR_EMPTY,
		UNSIGNED, EXPECT_END;

		static final Operation[] VALUES = values();

		Object outcome(MsgpackReader reader) {
			try {
				return read(reader);
			}
			catch (MalformedMessageException ex) {
				return Objects.requireNonNull(ex.reason(), "reason");
			}
		}

		private Object read(MsgpackReader reader) throws MalformedMessageException {
			switch (this) {
				case SKIP -> reader.skip();
				case STRING -> {
					return reader.string();
				}
				case BYTES -> {
					return Objects.requireNonNullElse(reader.bytes(), "nil");
				}
				case MAP_HEADER -> {
					int entries = reader.mapHeader();
					if (2L * entries > reader.remaining()) {
						throw new AssertionError("a map of " + entries + " entries in " + reader.remaining() + " bytes");
					}
					return entries;
				}
				case ARRAY_HEADER -> {
					int elements = reader.arrayHeader();
					if (elements > reader.remaining()) {
						throw new AssertionError(
								"an array of " + elements + " elements in " + reader.remaining() + " bytes");
					}
					return elements;
				}
				case INTEGER -> {
					return reader.integer();
				}
				case FLOAT64 -> {
					return Double.doubleToRawLongBits(reader.float64());
				}
				case BOOL -> {
					return reader.bool();
				}
				case NIL -> reader.nil();
				case NEXT_IS_NIL -> {
					return reader.nextIsNil();
				}
				case BYTES_OR_EMPTY -> {
					return reader.bytesOrEmpty();
				}
				case UNSIGNED -> {
					return reader.unsigned(0xffff_ffffL, "field");
				}
				case EXPECT_END -> reader.expectEnd();
				default -> throw new AssertionError(this);
			}
			return this;
		}

	}

	/**
	 * Collects what a packet delivers, checking that nothing is null.
	 */
	private static final class Received implements Packets.Receiver {

		private final List<Message> messages = new ArrayList<>();

		@Override
		public void message(Message message) {
			this.messages.add(Objects.requireNonNull(message, "message"));
		}

		@Override
		public void dropped(DropReason reason, String detail) {
			Objects.requireNonNull(reason, "reason");
			Objects.requireNonNull(detail, "detail");
		}

		void encodeAll() {
			for (Message message : this.messages) {
				assertThat(message.encode()).isNotEmpty();
			}
		}

	}

}
