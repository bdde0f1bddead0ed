package dev.weir.gossip.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Transport}: UDP and TCP on one port, as memberlist's
 * {@code NetTransport} does it.
 *
 * <ul>
 * <li>Datagrams are sent from the bound UDP socket, so their source port is the gossip port,
 * and received by one daemon thread, {@code weir-gossip-udp-<port>}, into a 64 KiB buffer
 * with a socket receive buffer of 2 MiB asked for (the OS may grant less).</li>
 * <li>Streams are accepted by {@code weir-gossip-tcp-<port>}; each connection gets a thread
 * of its own, at most {@link Builder#maxConcurrentStreams(int) 128} at a time (memberlist's
 * push-pull limit) with the rest closed at once. A connection carries one request, read
 * until {@link Handler#streamComplete(byte[])} says it is whole, and at most one reply,
 * written in one write, and it is closed at the {@link Builder#tcpTimeout(Duration) TCP
 * timeout} whatever its state.</li>
 * <li>Streams this node opens run on a small client pool, so the caller (the node's event
 * loop) never blocks; their callbacks come from that pool or from the deadline thread.</li>
 * </ul>
 *
 * <p>Sockets are bound when the transport is {@linkplain Builder#bind() built}, so a port in
 * use fails startup; threads start with {@link #start(Handler)}. Network errors are counted
 * ({@link #counters()}) and logged at DEBUG, never thrown to the sender, and a handler that
 * throws is logged without stopping a loop.
 */
public final class NetTransport implements Transport {

	/**
	 * The default bind port, memberlist's and Serf's.
	 */
	public static final int DEFAULT_PORT = 7946;

	/**
	 * The default deadline of an accepted stream, memberlist's LAN {@code TCPTimeout}.
	 */
	public static final Duration DEFAULT_TCP_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The default limit on accepted streams open at once, memberlist's push-pull limit.
	 */
	public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 128;

	/**
	 * The default number of threads that run streams this node opens.
	 */
	public static final int DEFAULT_CLIENT_THREADS = 8;

	/**
	 * The largest datagram received; longer ones are cut by the OS.
	 */
	static final int MAX_DATAGRAM = 65536;

	/**
	 * The socket receive buffer asked for, as memberlist's {@code udpRecvBufSize}.
	 */
	static final int UDP_RECEIVE_BUFFER = 2 * 1024 * 1024;

	/**
	 * The most bytes read for one stream message: the largest message plus room for the
	 * encryption header and tag.
	 */
	static final int DEFAULT_MAX_STREAM_BYTES = Envelope.MAX_STREAM + 64;

	/**
	 * How many ephemeral TCP ports are tried for one whose UDP twin is free too.
	 */
	private static final int EPHEMERAL_BIND_ATTEMPTS = 10;

	private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private static final long MAX_ACCEPT_BACKOFF_MILLIS = 1000;

	private static final Logger logger = LoggerFactory.getLogger(NetTransport.class);

	private final InetSocketAddress bound;

	private final InetSocketAddress advertised;

	private final Duration tcpTimeout;

	private final int maxStreamBytes;

	private final DatagramChannel udp;

	private final ServerSocketChannel tcp;

	private final Semaphore streamPermits;

	private final ThreadPoolExecutor connections;

	private final ThreadPoolExecutor clients;

	private final ScheduledThreadPoolExecutor deadlines;

	private final NetCounters counts = new NetCounters();

	private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

	private volatile @Nullable Handler handler;

	private volatile boolean closed;

	private @Nullable Thread udpThread;

	private @Nullable Thread tcpThread;

	private NetTransport(Builder builder, DatagramChannel udp, ServerSocketChannel tcp) {
		this.udp = udp;
		this.tcp = tcp;
		int port = tcp.socket().getLocalPort();
		this.bound = new InetSocketAddress(builder.bindAddress, port);
		this.advertised = new InetSocketAddress(
				(builder.advertiseAddress != null) ? builder.advertiseAddress
						: defaultAdvertiseAddress(builder.bindAddress),
				(builder.advertisePort != 0) ? builder.advertisePort : port);
		this.tcpTimeout = builder.tcpTimeout;
		this.maxStreamBytes = builder.maxStreamBytes;
		this.streamPermits = new Semaphore(builder.maxConcurrentStreams);
		// Unbounded here because the permits bound it: a thread only runs an accepted connection.
		this.connections = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemonThreads("weir-gossip-tcp-" + port + "-"));
		this.clients = new ThreadPoolExecutor(builder.clientThreads, builder.clientThreads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads("weir-gossip-stream-" + port + "-"));
		this.clients.allowCoreThreadTimeOut(true);
		this.deadlines = new ScheduledThreadPoolExecutor(1, daemonThreads("weir-gossip-deadline-" + port + "-"));
		this.deadlines.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Starts a builder with the defaults: every IPv4 address, port {@value #DEFAULT_PORT},
	 * a TCP timeout of 10 s.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public synchronized void start(Handler handler) {
		Objects.requireNonNull(handler, "handler");
		if (this.closed) {
			throw new IllegalStateException("Gossip transport on " + this.bound + " is closed");
		}
		if (this.handler != null) {
			throw new IllegalStateException("Gossip transport on " + this.bound + " is already started");
		}
		this.handler = handler;
		int port = this.bound.getPort();
		this.udpThread = startDaemon("weir-gossip-udp-" + port, this::receivePackets);
		this.tcpThread = startDaemon("weir-gossip-tcp-" + port, this::acceptStreams);
		logger.info("Gossip transport listening bind={} advertise={}", this.bound, this.advertised);
	}

	@Override
	public InetSocketAddress advertisedAddress() {
		return this.advertised;
	}

	/**
	 * Returns the address and port the sockets are bound to; both TCP and UDP use the port.
	 * @return the bound address
	 */
	public InetSocketAddress boundAddress() {
		return this.bound;
	}

	/**
	 * Returns a snapshot of the counts so far.
	 * @return the counts
	 */
	public Counters counters() {
		return this.counts.snapshot();
	}

	/**
	 * {@inheritDoc}
	 * <p>Never throws for network errors: they are counted as {@link Counters#sendErrors()}.
	 * After {@link #close()}, packets are dropped silently.
	 */
	@Override
	public void sendPacket(InetSocketAddress to, byte[] packet) {
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(packet, "packet");
		if (this.closed) {
			return;
		}
		try {
			int sent = this.udp.send(ByteBuffer.wrap(packet), to);
			this.counts.packetsSent.increment();
			this.counts.bytesSent.add(sent);
		}
		catch (IOException | UnresolvedAddressException | UnsupportedAddressTypeException ex) {
			if (this.closed) {
				return;
			}
			this.counts.sendErrors.increment();
			logger.debug("Sending a gossip packet failed to={} bytes={} cause={}", to, packet.length, ex.toString());
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>Returns at once; the exchange runs on the client pool. The callback hears exactly
	 * once, also when the transport is closed (then with an {@link IOException}, possibly on
	 * the calling thread).
	 * @throws IllegalStateException if the transport was not started, since the handler
	 * decides when a reply is whole
	 */
	@Override
	public void sendStream(InetSocketAddress to, byte[] request, boolean expectReply, Duration timeout,
			StreamCallback callback) {
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(timeout, "timeout");
		Objects.requireNonNull(callback, "callback");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive: " + timeout);
		}
		OutboundStream exchange = new OutboundStream(this, to, request, expectReply, timeout, callback);
		if (this.closed) {
			exchange.fail(closedException());
			return;
		}
		if (this.handler == null) {
			throw new IllegalStateException("Gossip transport on " + this.bound + " is not started");
		}
		exchange.armDeadline(System.nanoTime() + timeout.toNanos());
		try {
			this.clients.execute(exchange);
		}
		catch (RejectedExecutionException ex) {
			exchange.fail(closedException());
		}
	}

	/**
	 * Stops the threads and closes the sockets, releasing the port; idempotent. Streams in
	 * flight fail.
	 */
	@Override
	public void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		closeQuietly(this.udp);
		closeQuietly(this.tcp);
		for (Runnable queued : this.clients.shutdownNow()) {
			if (queued instanceof OutboundStream exchange) {
				exchange.fail(closedException());
			}
		}
		this.connections.shutdownNow();
		this.deadlines.shutdownNow();
		join(this.udpThread);
		join(this.tcpThread);
		logger.info("Gossip transport closed bind={}", this.bound);
	}

	@Override
	public String toString() {
		return "NetTransport[bind=" + this.bound + ", advertise=" + this.advertised + "]";
	}

	Handler handler() {
		Handler current = this.handler;
		if (current == null) {
			throw new IllegalStateException("Gossip transport on " + this.bound + " is not started");
		}
		return current;
	}

	NetCounters counts() {
		return this.counts;
	}

	int maxStreamBytes() {
		return this.maxStreamBytes;
	}

	boolean isClosed() {
		return this.closed;
	}

	int udpPort() {
		return this.udp.socket().getLocalPort();
	}

	int tcpPort() {
		return this.tcp.socket().getLocalPort();
	}

	/**
	 * Runs an action at a deadline unless cancelled first.
	 * @param deadlineNanos when, on {@link System#nanoTime()}
	 * @param action what to do, quickly: it runs on the one deadline thread
	 * @return the handle that cancels it
	 */
	Deadline deadline(long deadlineNanos, Runnable action) {
		try {
			ScheduledFuture<?> future = this.deadlines.schedule(action, Math.max(0, deadlineNanos - System.nanoTime()),
					TimeUnit.NANOSECONDS);
			return () -> future.cancel(false);
		}
		catch (RejectedExecutionException ex) {
			// Closed: the pools' shutdown ends whatever the deadline would have ended.
			return () -> {
			};
		}
	}

	/**
	 * An accepted stream is over and gives its permit back.
	 */
	void streamClosed() {
		this.streamPermits.release();
	}

	/**
	 * Logs a handler's or callback's exception: at WARN once in a while, since it is a bug to
	 * fix, and at DEBUG in between, since a bug met on every packet would flood the log.
	 * @param what which handler
	 * @param ex what it threw
	 */
	void handlerFailed(String what, RuntimeException ex) {
		if (shouldWarn()) {
			logger.warn("The gossip {} handler threw; the transport goes on (more within 10 s are logged at DEBUG)",
					what, ex);
		}
		else {
			logger.debug("The gossip {} handler threw", what, ex);
		}
	}

	static IOException closedException() {
		return new IOException("gossip transport is closed");
	}

	private void receivePackets() {
		ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
		Handler receiver = handler();
		while (!this.closed) {
			SocketAddress from;
			buffer.clear();
			try {
				from = this.udp.receive(buffer);
			}
			catch (ClosedChannelException ex) {
				break;
			}
			catch (IOException ex) {
				if (this.closed || !this.udp.isOpen()) {
					break;
				}
				warnOrDebug("Receiving a gossip packet failed", ex);
				continue;
			}
			if (from == null) {
				continue;
			}
			buffer.flip();
			byte[] packet = new byte[buffer.remaining()];
			buffer.get(packet);
			this.counts.packetsReceived.increment();
			this.counts.bytesReceived.add(packet.length);
			try {
				receiver.packet((InetSocketAddress) from, packet);
			}
			catch (RuntimeException ex) {
				handlerFailed("packet", ex);
			}
		}
		logger.debug("Gossip UDP receiver stopped bind={}", this.bound);
	}

	private void acceptStreams() {
		long backoffMillis = 0;
		while (!this.closed) {
			SocketChannel channel;
			try {
				channel = this.tcp.accept();
				backoffMillis = 0;
			}
			catch (ClosedChannelException ex) {
				break;
			}
			catch (IOException ex) {
				if (this.closed || !this.tcp.isOpen()) {
					break;
				}
				// Out of file descriptors, say: back off as memberlist's tcpListen does, 5 ms doubling to 1 s.
				backoffMillis = (backoffMillis == 0) ? 5 : Math.min(2 * backoffMillis, MAX_ACCEPT_BACKOFF_MILLIS);
				warnOrDebug("Accepting a gossip stream failed; retrying in " + backoffMillis + " ms", ex);
				try {
					Thread.sleep(backoffMillis);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					break;
				}
				continue;
			}
			accept(channel);
		}
		logger.debug("Gossip TCP acceptor stopped bind={}", this.bound);
	}

	private void accept(SocketChannel channel) {
		if (!this.streamPermits.tryAcquire()) {
			this.counts.streamsRefused.increment();
			if (logger.isDebugEnabled()) {
				logger.debug("Refused a gossip stream at capacity from={}", remoteAddress(channel));
			}
			closeQuietly(channel);
			return;
		}
		this.counts.streamsAccepted.increment();
		try {
			this.connections.execute(new InboundStream(this, channel, System.nanoTime() + this.tcpTimeout.toNanos()));
		}
		catch (RejectedExecutionException ex) {
			// Closing.
			closeQuietly(channel);
			this.streamPermits.release();
		}
	}

	private boolean shouldWarn() {
		long now = System.nanoTime();
		long last = this.lastWarnNanos.get();
		return now - last >= WARN_INTERVAL_NANOS && this.lastWarnNanos.compareAndSet(last, now);
	}

	private void warnOrDebug(String message, Exception ex) {
		if (shouldWarn()) {
			logger.warn("{} bind={}", message, this.bound, ex);
		}
		else {
			logger.debug("{} bind={}", message, this.bound, ex);
		}
	}

	/**
	 * Returns the address to advertise when none is given: the bound one, unless that is the
	 * wildcard; then the first site-local (private) IPv4 address of an interface that is up and
	 * not a loopback, in interface index order, as memberlist picks a private IP; and the
	 * loopback address if there is none.
	 * @param bound the bound address
	 * @return the address to advertise
	 */
	static InetAddress defaultAdvertiseAddress(InetAddress bound) {
		if (!bound.isAnyLocalAddress()) {
			return bound;
		}
		return firstPrivateIpv4().orElseGet(InetAddress::getLoopbackAddress);
	}

	private static Optional<InetAddress> firstPrivateIpv4() {
		try {
			Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
			if (all == null) {
				return Optional.empty();
			}
			List<NetworkInterface> interfaces = new ArrayList<>(Collections.list(all));
			interfaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
			for (NetworkInterface candidate : interfaces) {
				if (!candidate.isUp() || candidate.isLoopback()) {
					continue;
				}
				for (InetAddress address : Collections.list(candidate.getInetAddresses())) {
					if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
						return Optional.of(address);
					}
				}
			}
		}
		catch (SocketException ex) {
			logger.debug("Listing network interfaces failed; advertising loopback", ex);
		}
		return Optional.empty();
	}

	private static NetTransport bind(Builder builder) {
		ProtocolFamily family = (builder.bindAddress instanceof Inet4Address) ? StandardProtocolFamily.INET
				: StandardProtocolFamily.INET6;
		if (builder.bindPort != 0) {
			ServerSocketChannel tcp = bindTcp(family, builder.bindAddress, builder.bindPort);
			try {
				return new NetTransport(builder, bindUdp(family, builder.bindAddress, builder.bindPort), tcp);
			}
			catch (IOException ex) {
				closeQuietly(tcp);
				throw bindFailure("UDP", builder.bindAddress, builder.bindPort, ex);
			}
		}
		// TCP first, then UDP on the port TCP got, as memberlist does; another process may hold
		// that UDP port, so try again a few times.
		IOException last = null;
		for (int attempt = 0; attempt < EPHEMERAL_BIND_ATTEMPTS; attempt++) {
			ServerSocketChannel tcp = bindTcp(family, builder.bindAddress, 0);
			int port = tcp.socket().getLocalPort();
			try {
				return new NetTransport(builder, bindUdp(family, builder.bindAddress, port), tcp);
			}
			catch (IOException ex) {
				closeQuietly(tcp);
				last = ex;
				logger.debug("Ephemeral gossip port {} is taken for UDP; trying another", port);
			}
		}
		throw new UncheckedIOException("Cannot bind gossip TCP and UDP to one ephemeral port on "
				+ builder.bindAddress.getHostAddress() + " after " + EPHEMERAL_BIND_ATTEMPTS
				+ " attempts; configure a fixed bind port", Objects.requireNonNull(last));
	}

	private static ServerSocketChannel bindTcp(ProtocolFamily family, InetAddress address, int port) {
		ServerSocketChannel channel = null;
		try {
			channel = ServerSocketChannel.open(family);
			// So that a restarted node gets its port back while old connections sit in TIME_WAIT.
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			channel.bind(new InetSocketAddress(address, port), DEFAULT_MAX_CONCURRENT_STREAMS);
			return channel;
		}
		catch (IOException ex) {
			if (channel != null) {
				closeQuietly(channel);
			}
			throw bindFailure("TCP", address, port, ex);
		}
	}

	private static DatagramChannel bindUdp(ProtocolFamily family, InetAddress address, int port) throws IOException {
		DatagramChannel channel = DatagramChannel.open(family);
		try {
			// No SO_REUSEADDR: on Linux it would let two nodes share the UDP port.
			channel.setOption(StandardSocketOptions.SO_RCVBUF, UDP_RECEIVE_BUFFER);
			channel.bind(new InetSocketAddress(address, port));
			int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
			if (granted < UDP_RECEIVE_BUFFER) {
				logger.debug("Gossip UDP receive buffer is {} bytes, less than the {} asked for", granted,
						UDP_RECEIVE_BUFFER);
			}
			return channel;
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	static UncheckedIOException bindFailure(String protocol, InetAddress address, int port, IOException ex) {
		String host = (address instanceof Inet4Address) ? address.getHostAddress() : "[" + address.getHostAddress() + "]";
		String where = "gossip " + protocol + " to " + host + ":" + port;
		String cause = String.valueOf(ex.getMessage());
		String lower = cause.toLowerCase(Locale.ROOT);
		String message;
		if (ex instanceof BindException && lower.contains("in use")) {
			message = "Cannot bind " + where + ": port " + port + " is already in use, by another process or"
					+ " another node on this host; stop it, or configure another bind port (0 picks a free one)";
		}
		else if (ex instanceof BindException && lower.contains("permission") && port < 1024) {
			message = "Cannot bind " + where + ": ports below 1024 need privileges; configure a bind port of"
					+ " 1024 or more";
		}
		else if (ex instanceof BindException && lower.contains("assign")) {
			message = "Cannot bind " + where + ": " + address.getHostAddress() + " is not an address of this"
					+ " host; configure one of its addresses, or 0.0.0.0 for all";
		}
		else {
			message = "Cannot bind " + where + ": " + cause;
		}
		return new UncheckedIOException(message, ex);
	}

	private static Thread startDaemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static void join(@Nullable Thread thread) {
		if (thread == null || thread == Thread.currentThread()) {
			return;
		}
		try {
			thread.join(TimeUnit.SECONDS.toMillis(1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static @Nullable SocketAddress remoteAddress(SocketChannel channel) {
		try {
			return channel.getRemoteAddress();
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void closeQuietly(Channel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.trace("Closing a gossip socket failed", ex);
		}
	}

	private static InetAddress wildcardIpv4() {
		try {
			return InetAddress.getByAddress(new byte[4]);
		}
		catch (UnknownHostException ex) {
			throw new AssertionError(ex);
		}
	}

	/**
	 * A pending deadline.
	 */
	interface Deadline {

		/**
		 * Cancels the deadline if it has not passed.
		 */
		void cancel();

	}

	/**
	 * What a {@link NetTransport} has counted since it was bound, for the metrics layer.
	 *
	 * @param packetsSent datagrams sent
	 * @param packetsReceived datagrams received
	 * @param bytesSent bytes sent, datagrams and streams (requests and replies) together
	 * @param bytesReceived bytes received, datagrams and streams together
	 * @param streamsAccepted connections accepted and handled
	 * @param streamsRefused connections closed at once because
	 * {@link Builder#maxConcurrentStreams(int)} were open
	 * @param streamsFailed streams, accepted or opened, that ended without their exchange: cut
	 * short, invalid, too large, refused, past the deadline
	 * @param sendErrors datagrams that could not be sent
	 */
	public record Counters(long packetsSent, long packetsReceived, long bytesSent, long bytesReceived,
			long streamsAccepted, long streamsRefused, long streamsFailed, long sendErrors) {

	}

	/**
	 * Builds a {@link NetTransport}; every setter checks its value, and {@link #bind()} binds
	 * the sockets.
	 */
	public static final class Builder {

		private InetAddress bindAddress = wildcardIpv4();

		private int bindPort = DEFAULT_PORT;

		private @Nullable InetAddress advertiseAddress;

		private int advertisePort;

		private Duration tcpTimeout = DEFAULT_TCP_TIMEOUT;

		private int maxConcurrentStreams = DEFAULT_MAX_CONCURRENT_STREAMS;

		private int clientThreads = DEFAULT_CLIENT_THREADS;

		private int maxStreamBytes = DEFAULT_MAX_STREAM_BYTES;

		private Builder() {
		}

		/**
		 * Sets the address to bind to; by default {@code 0.0.0.0}, every IPv4 address. An
		 * IPv6 address binds IPv6 sockets.
		 * @param bindAddress the address
		 * @return this builder
		 */
		public Builder bindAddress(InetAddress bindAddress) {
			this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
			return this;
		}

		/**
		 * Sets the port to bind TCP and UDP to; by default {@value NetTransport#DEFAULT_PORT}.
		 * 0 picks a port free for both.
		 * @param bindPort the port, 0 to 65535
		 * @return this builder
		 */
		public Builder bindPort(int bindPort) {
			if (bindPort < 0 || bindPort > 65535) {
				throw new IllegalArgumentException("bindPort must be between 0 and 65535: " + bindPort);
			}
			this.bindPort = bindPort;
			return this;
		}

		/**
		 * Sets the address other nodes reach this one at, when it is not the bound one (behind
		 * NAT, say). By default the bound address, or if that is the wildcard, the first
		 * site-local IPv4 address of an interface that is up, or else loopback.
		 * @param advertiseAddress the address, not a wildcard
		 * @return this builder
		 */
		public Builder advertiseAddress(InetAddress advertiseAddress) {
			Objects.requireNonNull(advertiseAddress, "advertiseAddress");
			if (advertiseAddress.isAnyLocalAddress()) {
				throw new IllegalArgumentException(
						"advertiseAddress must not be a wildcard address: " + advertiseAddress.getHostAddress());
			}
			this.advertiseAddress = advertiseAddress;
			return this;
		}

		/**
		 * Sets the port other nodes reach this one at; by default the bound port.
		 * @param advertisePort the port, 1 to 65535
		 * @return this builder
		 */
		public Builder advertisePort(int advertisePort) {
			if (advertisePort < 1 || advertisePort > 65535) {
				throw new IllegalArgumentException("advertisePort must be between 1 and 65535: " + advertisePort);
			}
			this.advertisePort = advertisePort;
			return this;
		}

		/**
		 * Sets the deadline of each accepted stream, from accept to close, reply included; by
		 * default 10 s. Shorter frees connections from dead peers sooner; too short cuts off a
		 * large push-pull on a slow link.
		 * @param tcpTimeout the deadline, positive
		 * @return this builder
		 */
		public Builder tcpTimeout(Duration tcpTimeout) {
			Objects.requireNonNull(tcpTimeout, "tcpTimeout");
			if (tcpTimeout.isNegative() || tcpTimeout.isZero()) {
				throw new IllegalArgumentException("tcpTimeout must be positive: " + tcpTimeout);
			}
			this.tcpTimeout = tcpTimeout;
			return this;
		}

		/**
		 * Sets how many accepted streams may be open at once; by default 128. Each takes a
		 * thread; those beyond are closed at once and counted as refused.
		 * @param maxConcurrentStreams the limit, positive
		 * @return this builder
		 */
		public Builder maxConcurrentStreams(int maxConcurrentStreams) {
			if (maxConcurrentStreams < 1) {
				throw new IllegalArgumentException("maxConcurrentStreams must be positive: " + maxConcurrentStreams);
			}
			this.maxConcurrentStreams = maxConcurrentStreams;
			return this;
		}

		/**
		 * Sets how many streams this node opens run at once; by default 8. More wait their turn
		 * within their own timeout.
		 * @param clientThreads the number of threads, positive
		 * @return this builder
		 */
		public Builder clientThreads(int clientThreads) {
			if (clientThreads < 1) {
				throw new IllegalArgumentException("clientThreads must be positive: " + clientThreads);
			}
			this.clientThreads = clientThreads;
			return this;
		}

		/**
		 * Sets the most bytes read for one stream message; tests use a small one.
		 * @param maxStreamBytes the limit, positive
		 * @return this builder
		 */
		Builder maxStreamBytes(int maxStreamBytes) {
			if (maxStreamBytes < 1 || maxStreamBytes > DEFAULT_MAX_STREAM_BYTES) {
				throw new IllegalArgumentException(
						"maxStreamBytes must be between 1 and " + DEFAULT_MAX_STREAM_BYTES + ": " + maxStreamBytes);
			}
			this.maxStreamBytes = maxStreamBytes;
			return this;
		}

		/**
		 * Binds TCP and UDP to the port and builds the transport; call
		 * {@link NetTransport#start(Handler)} to receive.
		 * @return the transport
		 * @throws UncheckedIOException if a socket cannot be bound; the message names the
		 * protocol, address and port, and what to change
		 */
		public NetTransport bind() {
			return NetTransport.bind(this);
		}

	}

}
