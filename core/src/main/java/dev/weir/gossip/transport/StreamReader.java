package dev.weir.gossip.transport;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

import dev.weir.gossip.transport.Transport.Completeness;
import dev.weir.gossip.transport.Transport.Handler;

/**
 * Reads one message from a stream: after each read it asks the handler whether the bytes so
 * far are whole, as memberlist's {@code readStream} knows from the message itself, since
 * nothing frames a stream but the message and the close.
 */
final class StreamReader {

	/**
	 * The first buffer's size: a ping, an ack or a small push-pull fits, and a big one doubles
	 * its way up rather than being allocated on the word of the peer.
	 */
	private static final int INITIAL_BUFFER = 4096;

	private StreamReader() {
	}

	/**
	 * Reads until the handler says the bytes are a whole message.
	 * @param channel a blocking channel
	 * @param handler what decides completeness
	 * @param maxBytes the most bytes a message may take
	 * @return the message's bytes
	 * @throws EOFException if the stream ends first
	 * @throws ProtocolException if the handler says the bytes can never be a message, or they
	 * exceed {@code maxBytes}
	 * @throws IOException if reading fails
	 */
	static byte[] readMessage(ReadableByteChannel channel, Handler handler, int maxBytes) throws IOException {
		// One more byte than allowed is the most ever held: reading it proves the message too big.
		int capacity = (int) Math.min((long) maxBytes + 1, Integer.MAX_VALUE - 8);
		byte[] buffer = new byte[Math.min(INITIAL_BUFFER, capacity)];
		int length = 0;
		while (true) {
			if (length == buffer.length) {
				buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, capacity));
			}
			int read = channel.read(ByteBuffer.wrap(buffer, length, buffer.length - length));
			if (read < 0) {
				throw new EOFException("stream ended after " + length + " bytes, before a whole message");
			}
			if (read == 0) {
				continue;
			}
			length += read;
			byte[] received = Arrays.copyOf(buffer, length);
			Completeness completeness = completeness(handler, received);
			if (completeness == Completeness.COMPLETE) {
				return received;
			}
			if (completeness == Completeness.INVALID) {
				throw new ProtocolException("stream is not a valid message after " + length + " bytes");
			}
			if (length > maxBytes) {
				throw new ProtocolException("stream exceeds the limit of " + maxBytes + " bytes");
			}
		}
	}

	private static Completeness completeness(Handler handler, byte[] received) throws ProtocolException {
		try {
			Completeness completeness = handler.streamComplete(received);
			if (completeness == null) {
				throw new ProtocolException("streamComplete returned null");
			}
			return completeness;
		}
		catch (RuntimeException ex) {
			ProtocolException failure = new ProtocolException("streamComplete failed: " + ex);
			failure.initCause(ex);
			throw failure;
		}
	}

}
