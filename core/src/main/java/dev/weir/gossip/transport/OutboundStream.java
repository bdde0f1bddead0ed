package dev.weir.gossip.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.weir.gossip.transport.Transport.StreamCallback;

/**
 * One stream this node opens: connect, write the request in one write, read the reply if one
 * is expected, close (memberlist's {@code sendLocalState} and {@code sendUserMsg}). It runs on
 * the transport's client pool. Its deadline counts from the moment it was asked for, so an
 * exchange that waited in the pool's queue gets no extra time, and the deadline fails the
 * callback on time even if no thread has picked the exchange up. The callback hears exactly
 * once.
 */
final class OutboundStream implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(OutboundStream.class);

	private final NetTransport transport;

	private final InetSocketAddress to;

	private final byte[] request;

	private final boolean expectReply;

	private final Duration timeout;

	private final StreamCallback callback;

	private final AtomicBoolean done = new AtomicBoolean();

	private volatile @Nullable SocketChannel channel;

	private volatile NetTransport.@Nullable Deadline deadline;

	OutboundStream(NetTransport transport, InetSocketAddress to, byte[] request, boolean expectReply,
			Duration timeout, StreamCallback callback) {
		this.transport = transport;
		this.to = to;
		this.request = request;
		this.expectReply = expectReply;
		this.timeout = timeout;
		this.callback = callback;
	}

	/**
	 * Starts the deadline; called once, before the exchange is queued.
	 * @param deadlineNanos when the exchange must be over, on {@link System#nanoTime()}
	 */
	void armDeadline(long deadlineNanos) {
		this.deadline = this.transport.deadline(deadlineNanos, this::expire);
	}

	@Override
	public void run() {
		if (this.done.get()) {
			return;
		}
		SocketChannel open = null;
		try {
			open = SocketChannel.open();
			this.channel = open;
			if (this.done.get()) {
				// The deadline passed while the channel was being opened and may not have seen it.
				return;
			}
			open.connect(this.to);
			ByteBuffer buffer = ByteBuffer.wrap(this.request);
			while (buffer.hasRemaining()) {
				open.write(buffer);
			}
			this.transport.counts().bytesSent.add(this.request.length);
			byte[] reply = new byte[0];
			if (this.expectReply) {
				reply = StreamReader.readMessage(open, this.transport.handler(), this.transport.maxStreamBytes());
				this.transport.counts().bytesReceived.add(reply.length);
			}
			closeQuietly(open);
			succeed(reply);
		}
		catch (IOException | RuntimeException ex) {
			fail(this.transport.isClosed() ? NetTransport.closedException() : ex);
		}
		finally {
			if (open != null) {
				closeQuietly(open);
			}
		}
	}

	/**
	 * Fails the exchange unless it is over already.
	 * @param cause why
	 */
	void fail(Exception cause) {
		if (!this.done.compareAndSet(false, true)) {
			return;
		}
		cancelDeadline();
		SocketChannel open = this.channel;
		if (open != null) {
			closeQuietly(open);
		}
		if (!this.transport.isClosed()) {
			this.transport.counts().streamsFailed.increment();
		}
		logger.debug("Gossip stream failed to={} cause={}", this.to, cause.toString());
		try {
			this.callback.failed(cause);
		}
		catch (RuntimeException ex) {
			this.transport.handlerFailed("stream callback", ex);
		}
	}

	private void succeed(byte[] reply) {
		if (!this.done.compareAndSet(false, true)) {
			return;
		}
		cancelDeadline();
		try {
			this.callback.replied(reply);
		}
		catch (RuntimeException ex) {
			this.transport.handlerFailed("stream callback", ex);
		}
	}

	private void expire() {
		fail(new SocketTimeoutException(
				"gossip stream to " + this.to + " timed out after " + this.timeout.toMillis() + " ms"));
	}

	private void cancelDeadline() {
		NetTransport.Deadline armed = this.deadline;
		if (armed != null) {
			armed.cancel();
		}
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.trace("Closing a gossip stream failed", ex);
		}
	}

}
