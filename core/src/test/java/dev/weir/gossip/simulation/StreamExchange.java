package dev.weir.gossip.simulation;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.simulation.SimulatedNetwork.Host;
import dev.weir.gossip.transport.Transport;

/**
 * One stream on a {@link SimulatedNetwork}, modelled as a TCP exchange: the request arrives after
 * one link delay, the reply (or the refusal, or the close) comes back after another, and a timer
 * fails the exchange at its timeout, as a real connect or read timeout would. A request or reply
 * that meets a partition on its way is lost, so the timer fires. Loss and duplication do not
 * apply: TCP hides them.
 *
 * <p>Also the {@link Transport.StreamReply} handed to the receiver.
 */
final class StreamExchange implements Transport.StreamReply {

	private static final byte[] EMPTY = new byte[0];

	private final SimulatedNetwork network;

	private final SimulatedTransport sender;

	/**
	 * The node at the address the stream goes to, or {@code null} if it is nobody's.
	 */
	private final @Nullable Host receiver;

	private final byte[] request;

	private final boolean expectReply;

	private final Duration timeout;

	private final Transport.StreamCallback callback;

	private final Event timer;

	/**
	 * The transport incarnation the request was delivered to, once it was.
	 */
	private @Nullable SimulatedTransport server;

	private boolean replied;

	private boolean finished;

	private StreamExchange(SimulatedNetwork network, SimulatedTransport sender, @Nullable Host receiver,
			byte[] request, boolean expectReply, Duration timeout, Transport.StreamCallback callback) {
		this.network = network;
		this.sender = sender;
		this.receiver = receiver;
		this.request = request;
		this.expectReply = expectReply;
		this.timeout = timeout;
		this.callback = callback;
		this.timer = network.simulation()
			.enqueue(Simulation.saturatedNanos(timeout), this::timedOut, null, sender.name);
	}

	/**
	 * Opens a stream: arms its timer and, if the receiver can be reached, sends the request.
	 * @param network the network
	 * @param sender the transport that opens it
	 * @param receiver the node at the address, or {@code null} if the address is nobody's
	 * @param request a copy of the request
	 * @param expectReply whether a reply is awaited
	 * @param timeout the deadline of the whole exchange
	 * @param callback told how it ended
	 */
	static void open(SimulatedNetwork network, SimulatedTransport sender, @Nullable Host receiver, byte[] request,
			boolean expectReply, Duration timeout, Transport.StreamCallback callback) {
		StreamExchange exchange = new StreamExchange(network, sender, receiver, request, expectReply, timeout,
				callback);
		sender.outbound.add(exchange);
		if (sender.closed) {
			exchange.abortBySender();
		}
		// An address nobody answers at, like a partitioned one, leaves the connect to time out.
		else if (receiver != null && SimulatedNetwork.canReach(sender.host, receiver)) {
			network.simulation().enqueue(network.sampleDelay(sender.host, receiver), exchange::arrive, null,
					receiver.name);
		}
	}

	private void arrive() {
		Host receiver = Objects.requireNonNull(this.receiver, "receiver");
		if (this.finished || !SimulatedNetwork.canReach(this.sender.host, receiver)) {
			return;
		}
		SimulatedTransport target = receiver.transport;
		if (target == null || !target.isListening()) {
			// Nothing listens on the port: the host answers with a reset.
			sendBack(new ConnectException("Connection refused: " + receiver.name + " is down"));
			return;
		}
		if (!this.expectReply) {
			// Without a reply to wait for, the sender is done once its bytes are acknowledged.
			sendBack(null);
		}
		Transport.Handler handler = target.handler();
		switch (handler.streamComplete(this.request.clone())) {
			case COMPLETE -> {
				this.server = target;
				receiver.traffic.streamsAccepted++;
				handler.stream(this.sender.address, this.request.clone(), this);
			}
			case INVALID -> {
				if (this.expectReply) {
					sendBack(new EOFException("Stream closed by " + receiver.name + ": request refused as invalid"));
				}
			}
			// The receiver waits for bytes that never come; the sender's timer fires.
			case NEED_MORE -> {
			}
		}
	}

	@Override
	public void send(byte @Nullable [] reply) {
		Host receiver = Objects.requireNonNull(this.receiver, "receiver");
		if (this.replied) {
			throw new IllegalStateException(
					"A reply to the stream from " + this.sender.name + " was already sent by " + receiver.name);
		}
		this.replied = true;
		SimulatedTransport server = this.server;
		if (!this.expectReply || this.finished || server == null || server.closed) {
			return;
		}
		if (reply == null) {
			sendBack(new EOFException("Stream closed by " + receiver.name + " without a reply"));
			return;
		}
		receiver.traffic.streamBytesSent += reply.length;
		sendBack(reply.clone());
	}

	/**
	 * Fails the exchange at once because its sender closed its transport.
	 */
	void abortBySender() {
		this.network.simulation()
			.enqueue(0, () -> finish(new IOException("Transport of " + this.sender.name + " closed")), null,
					this.sender.name);
	}

	/**
	 * Sends the outcome back to the sender after a link delay, unless a partition cuts it.
	 * @param outcome a reply, an exception, or {@code null} for an acknowledgement
	 */
	private void sendBack(@Nullable Object outcome) {
		Host receiver = Objects.requireNonNull(this.receiver, "receiver");
		this.network.simulation().enqueue(this.network.sampleDelay(receiver, this.sender.host), () -> {
			if (SimulatedNetwork.canReach(receiver, this.sender.host)) {
				finish(outcome);
			}
		}, null, this.sender.name);
	}

	private void timedOut() {
		String to = (this.receiver != null) ? this.receiver.name : "an unknown address";
		finish(new SocketTimeoutException(
				"Stream from " + this.sender.name + " to " + to + " timed out after " + this.timeout));
	}

	private void finish(@Nullable Object outcome) {
		if (this.finished) {
			return;
		}
		this.finished = true;
		this.timer.cancel();
		this.sender.outbound.remove(this);
		if (this.sender.crashed) {
			return;
		}
		SimulatedNetwork.Traffic traffic = this.sender.host.traffic;
		if (outcome instanceof Exception cause) {
			traffic.streamsFailed++;
			this.callback.failed(cause);
		}
		else {
			byte[] reply = (outcome instanceof byte[] bytes) ? bytes : EMPTY;
			traffic.streamsSucceeded++;
			this.callback.replied(reply);
		}
	}

}
