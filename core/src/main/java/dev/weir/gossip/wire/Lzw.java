package dev.weir.gossip.wire;

import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The LZW variant of memberlist's compress message ({@code Algo} 0): Go's {@code compress/lzw}
 * with least-significant-bit-first packing and 8-bit literals, as {@code compressPayload} and
 * {@code decompressBuffer} in memberlist's {@code util.go} use it.
 *
 * <p>Codes 0..255 are literals, 256 clears the dictionary and 257 ends the stream; dictionary
 * codes start at 258. Codes are 9 bits wide and grow by one bit each time the next free code
 * reaches a power of two, up to 12 bits.
 *
 * <p>{@link #compress} reproduces the Go 1.19 writer bit for bit: it starts with a clear code,
 * and when its next free code reaches 4095 it writes a clear code (still 12 bits wide) and
 * starts over at 9 bits. {@link #decompress} accepts what any Go writer produced, with or
 * without the leading clear code, and, like Go's reader, keeps decoding with a full
 * dictionary when a writer never clears.
 */
public final class Lzw {

	private static final int CLEAR = 256;

	private static final int END = 257;

	private static final int MIN_WIDTH = 9;

	private static final int MAX_WIDTH = 12;

	/**
	 * Number of codes a 12-bit code can name; the decoder's dictionary is full at this size.
	 */
	private static final int MAX_CODES = 1 << MAX_WIDTH;

	/**
	 * The Go writer clears when its next free code reaches this value, so it never uses 4095.
	 */
	private static final int ENCODER_LIMIT = MAX_CODES - 1;

	/**
	 * Most dictionary entries an encoder can hold between two clears (258..4094).
	 */
	private static final int MAX_ENTRIES = ENCODER_LIMIT - (END + 1);

	private Lzw() {
	}

	/**
	 * Compresses bytes exactly as memberlist 0.2.2 built with Go 1.19 does.
	 * @param data the bytes to compress
	 * @return the LZW stream, ending with the end code and zero-padded to a whole byte
	 */
	public static byte[] compress(byte[] data) {
		Objects.requireNonNull(data, "data");
		Encoder encoder = new Encoder(data.length);
		return encoder.encode(data);
	}

	/**
	 * Expands an LZW stream.
	 * @param data the stream
	 * @param maxOutputBytes the most bytes the stream may expand to; the output is allocated
	 * only once the whole stream has been checked, at its exact size
	 * @return the expanded bytes
	 * @throws MalformedMessageException with {@link DropReason#BAD_COMPRESSION} if a code is
	 * invalid or the stream ends before its end code, or {@link DropReason#OVERSIZED} if the
	 * output would exceed {@code maxOutputBytes}
	 */
	public static byte[] decompress(byte[] data, int maxOutputBytes) throws MalformedMessageException {
		Objects.requireNonNull(data, "data");
		return decompress(data, 0, data.length, maxOutputBytes);
	}

	/**
	 * Expands an LZW stream held in part of an array.
	 * @param data the bytes holding the stream
	 * @param offset where the stream starts
	 * @param length how many bytes it may use; bytes after its end code are ignored, as Go's
	 * reader ignores them
	 * @param maxOutputBytes the most bytes the stream may expand to; the output is allocated
	 * only once the whole stream has been checked, at its exact size
	 * @return the expanded bytes
	 * @throws MalformedMessageException with {@link DropReason#BAD_COMPRESSION} if a code is
	 * invalid or the stream ends before its end code, or {@link DropReason#OVERSIZED} if the
	 * output would exceed {@code maxOutputBytes}
	 */
	public static byte[] decompress(byte[] data, int offset, int length, int maxOutputBytes)
			throws MalformedMessageException {
		Objects.requireNonNull(data, "data");
		Objects.checkFromIndexSize(offset, length, data.length);
		if (maxOutputBytes < 0) {
			throw new IllegalArgumentException("maxOutputBytes must not be negative: " + maxOutputBytes);
		}
		return new Decoder(data, offset, length, maxOutputBytes).decode();
	}

	/**
	 * One compression. The dictionary maps (code, next byte) to a code through an
	 * open-addressing hash table of packed {@code key << 12 | code} ints; 0 marks a free slot,
	 * which no entry can equal since every dictionary code is at least 258.
	 */
	private static final class Encoder {

		private final int[] table;

		private final int mask;

		private final int shift;

		private byte[] out;

		private int size;

		private int bits;

		private int bitCount;

		private int width = MIN_WIDTH;

		/**
		 * The most recently assigned code, as Go's {@code hi}: the end code right after a clear.
		 */
		private int hi = END;

		Encoder(int inputLength) {
			// Each input byte adds at most one entry; keep the load factor at or below one half.
			int entries = Math.min(inputLength, MAX_ENTRIES);
			int tableSize = Integer.highestOneBit(Math.max(entries, 32) * 2 - 1) << 1;
			this.table = new int[tableSize];
			this.mask = tableSize - 1;
			this.shift = Integer.SIZE - Integer.numberOfTrailingZeros(tableSize);
			// Compressed output is at most 1.5 bytes a code and one code a byte, plus the
			// clear and end codes; start near the common case and grow.
			this.out = new byte[Math.max(16, inputLength / 2 + 8)];
		}

		byte[] encode(byte[] data) {
			write(CLEAR);
			if (data.length == 0) {
				write(END);
				return finish();
			}
			int code = data[0] & 0xff;
			for (int i = 1; i < data.length; i++) {
				int literal = data[i] & 0xff;
				int key = (code << 8) | literal;
				int slot = slot(key);
				int found = find(key, slot);
				if (found != 0) {
					code = found;
					continue;
				}
				write(code);
				code = literal;
				if (nextCode()) {
					insert(key, slot);
				}
			}
			write(code);
			nextCode();
			write(END);
			return finish();
		}

		private int slot(int key) {
			return (key * 0x9E3779B1) >>> this.shift;
		}

		/**
		 * Returns the code for a key, or 0, and leaves the probe at the key's slot or the first
		 * free slot after it.
		 */
		private int find(int key, int slot) {
			int entry = this.table[slot];
			while (entry != 0) {
				if ((entry >>> MAX_WIDTH) == key) {
					return entry & (MAX_CODES - 1);
				}
				slot = (slot + 1) & this.mask;
				entry = this.table[slot];
			}
			return 0;
		}

		private void insert(int key, int slot) {
			while (this.table[slot] != 0) {
				slot = (slot + 1) & this.mask;
			}
			this.table[slot] = (key << MAX_WIDTH) | this.hi;
		}

		/**
		 * Claims the next code after one was written, as Go's {@code incHi}: widens codes when
		 * it reaches a power of two, or writes a clear code and starts over when it reaches
		 * 4095.
		 * @return whether the claimed code may be given to a dictionary entry
		 */
		private boolean nextCode() {
			this.hi++;
			if (this.hi == (1 << this.width)) {
				this.width++;
			}
			if (this.hi == ENCODER_LIMIT) {
				write(CLEAR);
				this.width = MIN_WIDTH;
				this.hi = END;
				Arrays.fill(this.table, 0);
				return false;
			}
			return true;
		}

		private void write(int code) {
			this.bits |= code << this.bitCount;
			this.bitCount += this.width;
			while (this.bitCount >= 8) {
				put((byte) this.bits);
				this.bits >>>= 8;
				this.bitCount -= 8;
			}
		}

		private void put(byte b) {
			if (this.size == this.out.length) {
				this.out = Arrays.copyOf(this.out, this.out.length * 2);
			}
			this.out[this.size++] = b;
		}

		private byte[] finish() {
			if (this.bitCount > 0) {
				put((byte) this.bits);
			}
			return Arrays.copyOf(this.out, this.size);
		}

	}

	/**
	 * One decompression, in two passes over the codes. The first validates every code and adds
	 * up the output length from the dictionary's per-entry lengths without producing a byte, so
	 * a corrupt stream or a bomb is refused before any output is allocated. The second
	 * allocates the output at its exact size and writes each expansion back to front by
	 * following the prefix chain: entry {@code c} expands to the expansion of
	 * {@code prefix[c]} followed by {@code suffix[c]}.
	 */
	private static final class Decoder {

		private final byte[] data;

		private final int start;

		private final int end;

		private final int maxOutput;

		private final short[] prefix = new short[MAX_CODES];

		private final byte[] suffix = new byte[MAX_CODES];

		private final byte[] first = new byte[MAX_CODES];

		private final short[] lengths = new short[MAX_CODES];

		private int position;

		private int bits;

		private int bitCount;

		Decoder(byte[] data, int offset, int length, int maxOutput) {
			this.data = data;
			this.start = offset;
			this.end = offset + length;
			this.maxOutput = maxOutput;
		}

		byte[] decode() throws MalformedMessageException {
			byte[] out = new byte[run(null)];
			run(out);
			return out;
		}

		/**
		 * Decodes the whole stream once.
		 * @param out where to write the output, or {@code null} to only validate and measure
		 * @return the output length
		 */
		private int run(byte @Nullable [] out) throws MalformedMessageException {
			this.position = this.start;
			this.bits = 0;
			this.bitCount = 0;
			int width = MIN_WIDTH;
			// The code the next dictionary entry gets; MAX_CODES once the dictionary is full.
			int next = END;
			int previous = -1;
			int size = 0;
			while (true) {
				int code = read(width);
				if (code == CLEAR) {
					width = MIN_WIDTH;
					next = END;
					previous = -1;
					continue;
				}
				if (code == END) {
					return size;
				}
				int length;
				byte head;
				boolean selfReferent = false;
				if (code < next) {
					length = expansionLength(code);
					head = firstByte(code);
				}
				else if (code == next && previous >= 0) {
					// The entry this very code defines: the previous expansion followed by its
					// own first byte.
					selfReferent = true;
					length = expansionLength(previous) + 1;
					head = firstByte(previous);
				}
				else {
					throw new MalformedMessageException(DropReason.BAD_COMPRESSION,
							"LZW code " + code + " is not yet defined, next is " + next);
				}
				if ((long) size + length > this.maxOutput) {
					throw new MalformedMessageException(DropReason.OVERSIZED,
							"LZW stream expands to more than " + this.maxOutput + " bytes");
				}
				if (out != null) {
					if (selfReferent) {
						write(out, previous, size, length - 1);
						out[size + length - 1] = head;
					}
					else {
						write(out, code, size, length);
					}
				}
				size += length;
				if (next == MAX_CODES) {
					// Full: no more entries until a clear code, as Go's reader.
					continue;
				}
				if (previous >= 0) {
					this.prefix[next] = (short) previous;
					this.suffix[next] = head;
					this.first[next] = firstByte(previous);
					this.lengths[next] = (short) (expansionLength(previous) + 1);
				}
				previous = code;
				next++;
				if (next == (1 << width) && width < MAX_WIDTH) {
					width++;
				}
			}
		}

		private int expansionLength(int code) {
			return (code < CLEAR) ? 1 : this.lengths[code];
		}

		private byte firstByte(int code) {
			return (code < CLEAR) ? (byte) code : this.first[code];
		}

		private void write(byte[] out, int code, int offset, int length) {
			int i = offset + length - 1;
			int c = code;
			while (c > END) {
				out[i--] = this.suffix[c];
				c = this.prefix[c];
			}
			out[i] = (byte) c;
		}

		private int read(int width) throws MalformedMessageException {
			while (this.bitCount < width) {
				if (this.position == this.end) {
					throw new MalformedMessageException(DropReason.BAD_COMPRESSION,
							"LZW stream ends without its end code");
				}
				this.bits |= (this.data[this.position++] & 0xff) << this.bitCount;
				this.bitCount += 8;
			}
			int code = this.bits & ((1 << width) - 1);
			this.bits >>>= width;
			this.bitCount -= width;
			return code;
		}

	}

}
