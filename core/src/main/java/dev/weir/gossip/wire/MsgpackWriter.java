package dev.weir.gossip.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Writes msgpack the way the Go peers' codec does, so that what Weir sends is byte for byte
 * what a memberlist or serf node would send: strings and byte strings both in the str family
 * (never {@code str8}, never {@code bin}), non-negative integers in the smallest unsigned form,
 * struct fields as maps whose keys the caller writes in byte order.
 */
public final class MsgpackWriter {

	private byte[] buffer;

	private int size;

	/**
	 * Creates a writer with a small initial buffer.
	 */
	public MsgpackWriter() {
		this(64);
	}

	/**
	 * Creates a writer.
	 * @param capacity the initial buffer size in bytes
	 */
	public MsgpackWriter(int capacity) {
		this.buffer = new byte[Math.max(16, capacity)];
	}

	/**
	 * Writes a single raw byte, such as a message type, outside msgpack.
	 * @param value the byte
	 * @return this writer
	 */
	public MsgpackWriter rawByte(int value) {
		ensure(1);
		this.buffer[this.size++] = (byte) value;
		return this;
	}

	/**
	 * Writes bytes as they are, outside msgpack.
	 * @param bytes the bytes
	 * @return this writer
	 */
	public MsgpackWriter raw(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.size, bytes.length);
		this.size += bytes.length;
		return this;
	}

	/**
	 * Writes a map header.
	 * @param entries the number of key-value pairs that follow
	 * @return this writer
	 */
	public MsgpackWriter mapHeader(int entries) {
		return header(entries, 0x80, 0xde, 0xdf);
	}

	/**
	 * Writes an array header.
	 * @param elements the number of elements that follow
	 * @return this writer
	 */
	public MsgpackWriter arrayHeader(int elements) {
		return header(elements, 0x90, 0xdc, 0xdd);
	}

	private MsgpackWriter header(int count, int fix, int sixteen, int thirtyTwo) {
		if (count < 0) {
			throw new IllegalArgumentException("negative count " + count);
		}
		if (count < 16) {
			return rawByte(fix | count);
		}
		if (count < 0x10000) {
			ensure(3);
			this.buffer[this.size++] = (byte) sixteen;
			putShort(count);
			return this;
		}
		ensure(5);
		this.buffer[this.size++] = (byte) thirtyTwo;
		putInt(count);
		return this;
	}

	/**
	 * Writes {@code nil}.
	 * @return this writer
	 */
	public MsgpackWriter nil() {
		return rawByte(0xc0);
	}

	/**
	 * Writes a boolean.
	 * @param value the value
	 * @return this writer
	 */
	public MsgpackWriter bool(boolean value) {
		return rawByte(value ? 0xc3 : 0xc2);
	}

	/**
	 * Writes an integer: non-negative values in the smallest unsigned form, negative ones in
	 * the smallest signed form.
	 * @param value the value
	 * @return this writer
	 */
	public MsgpackWriter integer(long value) {
		if (value >= 0) {
			return unsigned(value);
		}
		if (value >= -32) {
			return rawByte((int) value);
		}
		if (value >= Byte.MIN_VALUE) {
			ensure(2);
			this.buffer[this.size++] = (byte) 0xd0;
			this.buffer[this.size++] = (byte) value;
			return this;
		}
		if (value >= Short.MIN_VALUE) {
			ensure(3);
			this.buffer[this.size++] = (byte) 0xd1;
			putShort((int) value);
			return this;
		}
		if (value >= Integer.MIN_VALUE) {
			ensure(5);
			this.buffer[this.size++] = (byte) 0xd2;
			putInt((int) value);
			return this;
		}
		ensure(9);
		this.buffer[this.size++] = (byte) 0xd3;
		putLong(value);
		return this;
	}

	/**
	 * Writes an unsigned integer in its smallest form; a negative {@code long} is taken as the
	 * unsigned 64-bit value it represents.
	 * @param value the value
	 * @return this writer
	 */
	public MsgpackWriter unsigned(long value) {
		if (value >= 0 && value < 0x80) {
			return rawByte((int) value);
		}
		if (value >= 0 && value < 0x100) {
			ensure(2);
			this.buffer[this.size++] = (byte) 0xcc;
			this.buffer[this.size++] = (byte) value;
			return this;
		}
		if (value >= 0 && value < 0x10000) {
			ensure(3);
			this.buffer[this.size++] = (byte) 0xcd;
			putShort((int) value);
			return this;
		}
		if (value >= 0 && value < 0x1_0000_0000L) {
			ensure(5);
			this.buffer[this.size++] = (byte) 0xce;
			putInt((int) value);
			return this;
		}
		ensure(9);
		this.buffer[this.size++] = (byte) 0xcf;
		putLong(value);
		return this;
	}

	/**
	 * Writes a 64-bit float.
	 * @param value the value
	 * @return this writer
	 */
	public MsgpackWriter float64(double value) {
		ensure(9);
		this.buffer[this.size++] = (byte) 0xcb;
		putLong(Double.doubleToRawLongBits(value));
		return this;
	}

	/**
	 * Writes a string as UTF-8 in the str family.
	 * @param value the string
	 * @return this writer
	 */
	public MsgpackWriter string(String value) {
		return bytes(value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Writes bytes as the Go codec writes a {@code []byte}: a str-family raw string, or
	 * {@code nil} for {@code null}.
	 * @param value the bytes, or {@code null}
	 * @return this writer
	 */
	public MsgpackWriter bytes(byte @Nullable [] value) {
		if (value == null) {
			return nil();
		}
		int length = value.length;
		if (length < 32) {
			rawByte(0xa0 | length);
		}
		else if (length < 0x10000) {
			ensure(3);
			this.buffer[this.size++] = (byte) 0xda;
			putShort(length);
		}
		else {
			ensure(5);
			this.buffer[this.size++] = (byte) 0xdb;
			putInt(length);
		}
		return raw(value);
	}

	/**
	 * Returns how many bytes were written.
	 * @return the size
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Returns a copy of what was written.
	 * @return the bytes
	 */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.size);
	}

	private void putShort(int value) {
		this.buffer[this.size++] = (byte) (value >>> 8);
		this.buffer[this.size++] = (byte) value;
	}

	private void putInt(int value) {
		this.buffer[this.size++] = (byte) (value >>> 24);
		this.buffer[this.size++] = (byte) (value >>> 16);
		this.buffer[this.size++] = (byte) (value >>> 8);
		this.buffer[this.size++] = (byte) value;
	}

	private void putLong(long value) {
		putInt((int) (value >>> 32));
		putInt((int) value);
	}

	private void ensure(int more) {
		int needed = this.size + more;
		if (needed > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(needed, this.buffer.length * 2));
		}
	}

}
