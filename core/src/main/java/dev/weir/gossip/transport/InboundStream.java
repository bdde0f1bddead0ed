package dev.weir.gossip.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.weir.gossip.transport.Transport.StreamReply;

/**
 * One accepted connection, from the first byte read to the close, on a thread of its own:
 * memberlist's {@code handleConn}. It reads the request whole, hands it to the handler, waits
 * for the reply (which the node may send later from its own loop, so the node never blocks
 * on a slow peer), writes it in one write and closes. A deadline closes the connection
 * whatever it is doing.
 */
final class InboundStream implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(InboundStream.class);

	/**
	 * Stands for {@code send(null)}: close without a reply.
	 */
	private static final byte[] NO_REPLY = new byte[0];

	private final NetTransport transport;

	private final SocketChannel channel;

	private final long deadlineNanos;

	private final CompletableFuture<byte[]> reply = new CompletableFuture<>();

	private volatile boolean expired;

	InboundStream(NetTransport transport, SocketChannel channel, long deadlineNanos) {
		this.transport = transport;
		this.channel = channel;
		this.deadlineNanos = deadlineNanos;
	}

	@Override
	public void run() {
		SocketAddress from = null;
		NetTransport.Deadline deadline = this.transport.deadline(this.deadlineNanos, this::expire);
		try {
			from = this.channel.getRemoteAddress();
			byte[] request = StreamReader.readMessage(this.channel, this.transport.handler(),
					this.transport.maxStreamBytes());
			this.transport.counts().bytesReceived.add(request.length);
			try {
				this.transport.handler().stream((InetSocketAddress) from, request, new Reply());
			}
			catch (RuntimeException ex) {
				this.transport.handlerFailed("stream", ex);
				failed(from, "the handler threw " + ex, null);
				return;
			}
			byte[] bytes = this.reply.get(Math.max(0, this.deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (bytes != NO_REPLY) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes);
				while (buffer.hasRemaining()) {
					this.channel.write(buffer);
				}
				this.transport.counts().bytesSent.add(bytes.length);
			}
		}
		catch (TimeoutException ex) {
			failed(from, "no reply before the deadline", null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed(from, "interrupted", null);
		}
		catch (IOException | ExecutionException | RuntimeException ex) {
			if (this.expired) {
				failed(from, "deadline passed", null);
			}
			else {
				failed(from, ex.toString(), ex);
			}
		}
		finally {
			deadline.cancel();
			// A reply that comes after this is ignored rather than written to a closed channel.
			this.reply.complete(NO_REPLY);
			close();
			this.transport.streamClosed();
		}
	}

	private void failed(@Nullable SocketAddress from, String reason, @Nullable Exception ex) {
		if (this.transport.isClosed()) {
			return;
		}
		this.transport.counts().streamsFailed.increment();
		if (logger.isDebugEnabled()) {
			logger.debug("Dropped gossip stream from={} reason={}", from, reason, ex);
		}
	}

	private void expire() {
		this.expired = true;
		close();
	}

	private void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			logger.trace("Closing a gossip stream failed", ex);
		}
	}

	/**
	 * The handler's end of the connection; the first call wins.
	 */
	private final class Reply implements StreamReply {

		@Override
		public void send(byte @Nullable [] reply) {
			if (!InboundStream.this.reply.complete((reply != null) ? reply : NO_REPLY)) {
				logger.debug("Ignored a reply to a gossip stream that was already answered, closed or expired");
			}
		}

	}

}
