package dev.weir.gossip.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reads msgpack from untrusted bytes: every length is checked against what is left before
 * anything is allocated, so a hostile header cannot make the reader allocate more than the
 * input's size, and every mistake is a {@link MalformedMessageException}, never a runtime
 * exception.
 *
 * <p>Reads what the Go codec writes and what it accepts: strings from the str family (and
 * {@code str8}), byte strings from the str or bin family, integers in any form that fits.
 */
public final class MsgpackReader {

	private static final int MAX_DEPTH = 32;

	private final byte[] buffer;

	private final int limit;

	private int position;

	/**
	 * Creates a reader over a whole array.
	 * @param buffer the bytes
	 */
	public MsgpackReader(byte[] buffer) {
		this(buffer, 0, buffer.length);
	}

	/**
	 * Creates a reader over part of an array.
	 * @param buffer the bytes
	 * @param offset where to start
	 * @param length how many bytes to read at most
	 */
	public MsgpackReader(byte[] buffer, int offset, int length) {
		if (offset < 0 || length < 0 || offset > buffer.length - length) {
			throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", size " + buffer.length);
		}
		this.buffer = buffer;
		this.position = offset;
		this.limit = offset + length;
	}

	/**
	 * Returns the position of the next byte to read.
	 * @return the position in the array
	 */
	public int position() {
		return this.position;
	}

	/**
	 * Returns how many bytes are left.
	 * @return the remaining bytes
	 */
	public int remaining() {
		return this.limit - this.position;
	}

	/**
	 * Returns whether the next value is {@code nil}, without reading it.
	 * @return whether it is nil
	 * @throws MalformedMessageException if nothing is left
	 */
	public boolean nextIsNil() throws MalformedMessageException {
		return peek() == 0xc0;
	}

	/**
	 * Reads a map header.
	 * @return the number of entries
	 * @throws MalformedMessageException if the next value is not a map, or cannot fit
	 */
	public int mapHeader() throws MalformedMessageException {
		int b = next();
		int count;
		if ((b & 0xf0) == 0x80) {
			count = b & 0x0f;
		}
		else if (b == 0xde) {
			count = u16();
		}
		else if (b == 0xdf) {
			count = length(u32());
		}
		else {
			throw malformed("expected a map, found 0x" + Integer.toHexString(b));
		}
		return fits(count, 2);
	}

	/**
	 * Reads an array header.
	 * @return the number of elements
	 * @throws MalformedMessageException if the next value is not an array, or cannot fit
	 */
	public int arrayHeader() throws MalformedMessageException {
		int b = next();
		int count;
		if ((b & 0xf0) == 0x90) {
			count = b & 0x0f;
		}
		else if (b == 0xdc) {
			count = u16();
		}
		else if (b == 0xdd) {
			count = length(u32());
		}
		else {
			throw malformed("expected an array, found 0x" + Integer.toHexString(b));
		}
		return fits(count, 1);
	}

	/**
	 * Reads {@code nil}, or fails.
	 * @throws MalformedMessageException if the next value is not nil
	 */
	public void nil() throws MalformedMessageException {
		int b = next();
		if (b != 0xc0) {
			throw malformed("expected nil, found 0x" + Integer.toHexString(b));
		}
	}

	/**
	 * Reads a boolean ({@code true}, {@code false}, or the integers 0 and 1, as Go accepts).
	 * @return the value
	 * @throws MalformedMessageException if the next value is not a boolean
	 */
	public boolean bool() throws MalformedMessageException {
		int b = next();
		return switch (b) {
			case 0xc3, 0x01 -> true;
			case 0xc2, 0x00 -> false;
			default -> throw malformed("expected a boolean, found 0x" + Integer.toHexString(b));
		};
	}

	/**
	 * Reads a signed integer in any msgpack form.
	 * @return the value
	 * @throws MalformedMessageException if the next value is not an integer, or exceeds a
	 * {@code long}
	 */
	public long integer() throws MalformedMessageException {
		int b = next();
		if (b < 0x80) {
			return b;
		}
		if (b >= 0xe0) {
			return (byte) b;
		}
		return switch (b) {
			case 0xcc -> u8();
			case 0xcd -> u16();
			case 0xce -> u32();
			case 0xcf -> {
				long value = s64();
				if (value < 0) {
					throw malformed("integer exceeds 2^63-1");
				}
				yield value;
			}
			case 0xd0 -> (byte) u8();
			case 0xd1 -> (short) u16();
			case 0xd2 -> (int) u32();
			case 0xd3 -> s64();
			default -> throw malformed("expected an integer, found 0x" + Integer.toHexString(b));
		};
	}

	/**
	 * Reads an integer that must lie in a range, as a Go field of a fixed unsigned width does.
	 * @param max the largest value allowed
	 * @param field the field's name, for the message
	 * @return the value
	 * @throws MalformedMessageException if it is not an integer or out of {@code [0, max]}
	 */
	public long unsigned(long max, String field) throws MalformedMessageException {
		long value = integer();
		if (value < 0 || value > max) {
			throw malformed(field + " out of range: " + value);
		}
		return value;
	}

	/**
	 * Reads a float (64- or 32-bit) or an integer as a double.
	 * @return the value
	 * @throws MalformedMessageException if the next value is not a number
	 */
	public double float64() throws MalformedMessageException {
		int b = peek();
		if (b == 0xcb) {
			this.position++;
			return Double.longBitsToDouble(s64());
		}
		if (b == 0xca) {
			this.position++;
			return Float.intBitsToFloat((int) u32());
		}
		return integer();
	}

	/**
	 * Reads a string.
	 * @return the string, decoded as UTF-8
	 * @throws MalformedMessageException if the next value is not a string
	 */
	public String string() throws MalformedMessageException {
		int b = next();
		int length = stringLength(b);
		if (length < 0) {
			throw malformed("expected a string, found 0x" + Integer.toHexString(b));
		}
		String value = new String(this.buffer, this.position, require(length), StandardCharsets.UTF_8);
		this.position += length;
		return value;
	}

	/**
	 * Reads a byte string, as Go decodes a {@code []byte}: from the str or bin family, or
	 * {@code nil}.
	 * @return the bytes, or {@code null} for nil
	 * @throws MalformedMessageException if the next value is none of those
	 */
	public byte @Nullable [] bytes() throws MalformedMessageException {
		int b = next();
		if (b == 0xc0) {
			return null;
		}
		int length = stringLength(b);
		if (length < 0) {
			length = switch (b) {
				case 0xc4 -> u8();
				case 0xc5 -> u16();
				case 0xc6 -> length(u32());
				default -> throw malformed("expected bytes, found 0x" + Integer.toHexString(b));
			};
		}
		byte[] value = Arrays.copyOfRange(this.buffer, this.position, this.position + require(length));
		this.position += length;
		return value;
	}

	/**
	 * Reads a byte string, {@code nil} read as empty.
	 * @return the bytes, empty for nil
	 * @throws MalformedMessageException if the next value is not a byte string
	 */
	public byte[] bytesOrEmpty() throws MalformedMessageException {
		byte[] value = bytes();
		return (value != null) ? value : new byte[0];
	}

	/**
	 * Skips one value of any type, however nested (up to a depth of 32).
	 * @throws MalformedMessageException if the value is malformed or truncated
	 */
	public void skip() throws MalformedMessageException {
		skip(0);
	}

	private void skip(int depth) throws MalformedMessageException {
		if (depth > MAX_DEPTH) {
			throw malformed("nested deeper than " + MAX_DEPTH);
		}
		int b = peek();
		if ((b & 0xf0) == 0x80 || b == 0xde || b == 0xdf) {
			int entries = mapHeader();
			for (int i = 0; i < entries * 2; i++) {
				skip(depth + 1);
			}
			return;
		}
		if ((b & 0xf0) == 0x90 || b == 0xdc || b == 0xdd) {
			int elements = arrayHeader();
			for (int i = 0; i < elements; i++) {
				skip(depth + 1);
			}
			return;
		}
		this.position++;
		if (b < 0x80 || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
			return;
		}
		int length = stringLength(b);
		if (length >= 0) {
			advance(length);
			return;
		}
		switch (b) {
			case 0xc4 -> advance(u8());
			case 0xc5 -> advance(u16());
			case 0xc6 -> advance(length(u32()));
			case 0xc7 -> advance(u8() + 1);
			case 0xc8 -> advance(u16() + 1);
			case 0xc9 -> advance(length(u32()) + 1);
			case 0xca, 0xce, 0xd2 -> advance(4);
			case 0xcb, 0xcf, 0xd3 -> advance(8);
			case 0xcc, 0xd0 -> advance(1);
			case 0xcd, 0xd1 -> advance(2);
			case 0xd4 -> advance(2);
			case 0xd5 -> advance(3);
			case 0xd6 -> advance(5);
			case 0xd7 -> advance(9);
			case 0xd8 -> advance(17);
			default -> throw malformed("unknown msgpack byte 0x" + Integer.toHexString(b));
		}
	}

	/**
	 * Fails unless every byte was read.
	 * @throws MalformedMessageException if bytes are left
	 */
	public void expectEnd() throws MalformedMessageException {
		if (this.position != this.limit) {
			throw malformed((this.limit - this.position) + " unexpected trailing bytes");
		}
	}

	private int stringLength(int b) throws MalformedMessageException {
		if ((b & 0xe0) == 0xa0) {
			return b & 0x1f;
		}
		return switch (b) {
			case 0xd9 -> u8();
			case 0xda -> u16();
			case 0xdb -> length(u32());
			default -> -1;
		};
	}

	private int fits(int count, int minimumBytesEach) throws MalformedMessageException {
		if ((long) count * minimumBytesEach > remaining()) {
			throw new MalformedMessageException(DropReason.TRUNCATED,
					count + " elements cannot fit in " + remaining() + " bytes");
		}
		return count;
	}

	private int length(long length) throws MalformedMessageException {
		if (length > remaining()) {
			throw truncated(length);
		}
		return (int) length;
	}

	private int require(int length) throws MalformedMessageException {
		if (length > remaining()) {
			throw truncated(length);
		}
		return length;
	}

	private void advance(int length) throws MalformedMessageException {
		this.position += require(length);
	}

	private int peek() throws MalformedMessageException {
		if (this.position >= this.limit) {
			throw truncated(1);
		}
		return this.buffer[this.position] & 0xff;
	}

	private int next() throws MalformedMessageException {
		int b = peek();
		this.position++;
		return b;
	}

	private int u8() throws MalformedMessageException {
		return next();
	}

	private int u16() throws MalformedMessageException {
		require(2);
		int value = ((this.buffer[this.position] & 0xff) << 8) | (this.buffer[this.position + 1] & 0xff);
		this.position += 2;
		return value;
	}

	private long u32() throws MalformedMessageException {
		require(4);
		long value = ((long) (this.buffer[this.position] & 0xff) << 24) | ((this.buffer[this.position + 1] & 0xff) << 16)
				| ((this.buffer[this.position + 2] & 0xff) << 8) | (this.buffer[this.position + 3] & 0xff);
		this.position += 4;
		return value;
	}

	private long s64() throws MalformedMessageException {
		long high = u32();
		long low = u32();
		return (high << 32) | low;
	}

	private MalformedMessageException truncated(long needed) {
		return new MalformedMessageException(DropReason.TRUNCATED,
				"needed " + needed + " more bytes at offset " + this.position + ", " + remaining() + " left");
	}

	private static MalformedMessageException malformed(String message) {
		return new MalformedMessageException(DropReason.MALFORMED, message);
	}

}
