package dev.weir.gossip.transport;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Moves bytes between nodes: datagrams, and streams that carry one request and at most one
 * reply. A transport knows nothing of messages or encryption; the node hands it sealed bytes
 * (see {@link Envelope}).
 *
 * <p>The production transport is UDP and TCP on one port; simulations
 * use an in-memory network with loss, delay and partitions. Callbacks may come from any
 * thread; the node moves them onto its event loop.
 */
public interface Transport extends AutoCloseable {

	/**
	 * Starts receiving.
	 * @param handler what gets what arrives
	 */
	void start(Handler handler);

	/**
	 * Returns the address other nodes reach this one at.
	 * @return the advertised address
	 */
	InetSocketAddress advertisedAddress();

	/**
	 * Sends a datagram, best effort.
	 * @param to the receiver
	 * @param packet the bytes
	 */
	void sendPacket(InetSocketAddress to, byte[] packet);

	/**
	 * Opens a stream, writes a request, and reads the reply if one is expected.
	 * @param to the receiver
	 * @param request the bytes to write
	 * @param expectReply whether to wait for a reply
	 * @param timeout the deadline of the whole exchange
	 * @param callback told of the reply (empty if none was expected) or of the failure
	 */
	void sendStream(InetSocketAddress to, byte[] request, boolean expectReply, Duration timeout,
			StreamCallback callback);

	/**
	 * Stops receiving and releases the sockets.
	 */
	@Override
	void close();

	/**
	 * What a transport delivers.
	 */
	interface Handler {

		/**
		 * A datagram arrived.
		 * @param from the sender's address
		 * @param packet the bytes
		 */
		void packet(InetSocketAddress from, byte[] packet);

		/**
		 * A stream request arrived. The transport reads it whole with
		 * {@link #streamComplete(byte[])}.
		 * @param from the sender's address
		 * @param request the bytes
		 * @param reply where to write the reply, once
		 */
		void stream(InetSocketAddress from, byte[] request, StreamReply reply);

		/**
		 * Tells the transport whether the bytes read so far from a stream are a whole
		 * request, so it knows when to stop reading.
		 * @param received the bytes so far
		 * @return {@link Completeness#COMPLETE}, {@link Completeness#NEED_MORE}, or
		 * {@link Completeness#INVALID} to give up on the stream
		 */
		Completeness streamComplete(byte[] received);

	}

	/**
	 * Whether the bytes read from a stream make a whole message.
	 */
	enum Completeness {

		/**
		 * A whole message.
		 */
		COMPLETE,

		/**
		 * Not yet.
		 */
		NEED_MORE,

		/**
		 * Never: the stream is to be closed.
		 */
		INVALID

	}

	/**
	 * Where a stream's reply goes.
	 */
	interface StreamReply {

		/**
		 * Writes the reply and closes the stream; {@code null} closes it without a reply.
		 * @param reply the bytes, or {@code null}
		 */
		void send(byte @Nullable [] reply);

	}

	/**
	 * How a stream exchange ended.
	 */
	interface StreamCallback {

		/**
		 * The exchange succeeded.
		 * @param reply the reply, empty if none was expected
		 */
		void replied(byte[] reply);

		/**
		 * The exchange failed: refused, timed out, cut short.
		 * @param cause why
		 */
		void failed(Exception cause);

	}

}
