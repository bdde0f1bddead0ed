package dev.weir.gossip.simulation;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.transport.Transport;

/**
 * One incarnation of a node's {@link Transport} on a {@link SimulatedNetwork}. It only hands
 * what is sent to the network, which decides what arrives and when.
 *
 * <p>Closing it is a graceful shutdown: the streams it opened fail at once. Crashing it (see
 * {@link SimulatedNetwork#crash(String)}) is a power cut: it drops everything, and the callbacks
 * of its streams are never called.
 */
final class SimulatedTransport implements Transport {

	final SimulatedNetwork network;

	/**
	 * The node this is an incarnation of.
	 */
	final SimulatedNetwork.Host host;

	final String name;

	final InetSocketAddress address;

	/**
	 * The streams this transport opened that have not ended, in the order they were opened.
	 */
	final Set<StreamExchange> outbound = new LinkedHashSet<>();

	private @Nullable Handler handler;

	boolean closed;

	boolean crashed;

	SimulatedTransport(SimulatedNetwork network, SimulatedNetwork.Host host) {
		this.network = network;
		this.host = host;
		this.name = host.name;
		this.address = host.address;
	}

	@Override
	public void start(Handler handler) {
		Objects.requireNonNull(handler, "handler");
		if (this.closed) {
			throw new IllegalStateException("The transport of " + this.name + " is closed");
		}
		if (this.handler != null) {
			throw new IllegalStateException("The transport of " + this.name + " is already started");
		}
		this.handler = handler;
	}

	@Override
	public InetSocketAddress advertisedAddress() {
		return this.address;
	}

	@Override
	public void sendPacket(InetSocketAddress to, byte[] packet) {
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(packet, "packet");
		this.network.sendPacket(this, to, packet);
	}

	@Override
	public void sendStream(InetSocketAddress to, byte[] request, boolean expectReply, Duration timeout,
			StreamCallback callback) {
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(timeout, "timeout");
		Objects.requireNonNull(callback, "callback");
		this.network.openStream(this, to, request, expectReply, timeout, callback);
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			for (StreamExchange exchange : new ArrayList<>(this.outbound)) {
				exchange.abortBySender();
			}
		}
	}

	/**
	 * Cuts the power: drops everything from now on, and never calls back.
	 */
	void crash() {
		this.closed = true;
		this.crashed = true;
		this.outbound.clear();
	}

	/**
	 * Returns whether the transport is started and open, so that what arrives is handed on.
	 * @return whether it listens
	 */
	boolean isListening() {
		return this.handler != null && !this.closed;
	}

	/**
	 * Returns the handler of a listening transport.
	 * @return the handler
	 */
	Handler handler() {
		return Objects.requireNonNull(this.handler, "handler");
	}

	@Override
	public String toString() {
		return "SimulatedTransport[" + this.name + " " + this.address + (this.crashed ? ", crashed"
				: this.closed ? ", closed" : (this.handler == null) ? ", not started" : "") + "]";
	}

}
