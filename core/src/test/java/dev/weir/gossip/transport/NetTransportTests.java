package dev.weir.gossip.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.weir.gossip.transport.Transport.Completeness;
import dev.weir.gossip.transport.Transport.Handler;
import dev.weir.gossip.transport.Transport.StreamCallback;
import dev.weir.gossip.transport.Transport.StreamReply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Loopback tests of {@link NetTransport}. Waits poll up to {@link #PATIENCE}; nothing relies
 * on a sleep being long enough.
 */
@Timeout(30)
class NetTransportTests {

	private static final Duration PATIENCE = Duration.ofSeconds(5);

	private static final InetAddress LOOPBACK = address("127.0.0.1");

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void closeResources() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void datagramsTravelBothWaysFromTheGossipPort() throws InterruptedException {
		TestHandler aliceHandler = new TestHandler();
		TestHandler bobHandler = new TestHandler();
		NetTransport alice = started(loopback(), aliceHandler);
		NetTransport bob = started(loopback(), bobHandler);
		alice.sendPacket(bob.advertisedAddress(), bytes("to bob"));
		bob.sendPacket(alice.advertisedAddress(), bytes("to alice"));
		Datagram atBob = bobHandler.nextPacket();
		Datagram atAlice = aliceHandler.nextPacket();
		assertThat(atBob.packet()).isEqualTo(bytes("to bob"));
		assertThat(atBob.from().getPort()).isEqualTo(alice.advertisedAddress().getPort());
		assertThat(atAlice.packet()).isEqualTo(bytes("to alice"));
		assertThat(atAlice.from().getPort()).isEqualTo(bob.advertisedAddress().getPort());
	}

	@Test
	void datagramsAreCounted() throws InterruptedException {
		TestHandler bobHandler = new TestHandler();
		NetTransport alice = started(loopback(), new TestHandler());
		NetTransport bob = started(loopback(), bobHandler);
		alice.sendPacket(bob.advertisedAddress(), new byte[100]);
		bobHandler.nextPacket();
		assertThat(alice.counters().packetsSent()).isEqualTo(1);
		assertThat(alice.counters().bytesSent()).isEqualTo(100);
		assertThat(bob.counters().packetsReceived()).isEqualTo(1);
		assertThat(bob.counters().bytesReceived()).isEqualTo(100);
	}

	@Test
	void udpAndTcpShareTheEphemeralPort() throws IOException {
		NetTransport transport = started(loopback(), new TestHandler());
		int port = transport.boundAddress().getPort();
		assertThat(port).isPositive();
		assertThat(transport.tcpPort()).isEqualTo(port);
		assertThat(transport.udpPort()).isEqualTo(port);
		assertThat(transport.advertisedAddress()).isEqualTo(new InetSocketAddress(LOOPBACK, port));
		try (Socket socket = new Socket(LOOPBACK, port)) {
			assertThat(socket.isConnected()).isTrue();
		}
	}

	@Test
	void aDatagramFromAPlainSocketArrivesWithItsSource() throws IOException, InterruptedException {
		TestHandler handler = new TestHandler();
		NetTransport transport = started(loopback(), handler);
		try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
			socket.send(new DatagramPacket(bytes("raw"), 3, transport.advertisedAddress()));
			Datagram datagram = handler.nextPacket();
			assertThat(datagram.packet()).isEqualTo(bytes("raw"));
			assertThat(datagram.from()).isEqualTo(socket.getLocalSocketAddress());
		}
	}

	@Test
	void aThrowingPacketHandlerDoesNotStopTheUdpLoop() throws InterruptedException {
		TestHandler handler = new TestHandler();
		handler.failPackets.set(1);
		NetTransport receiver = started(loopback(), handler);
		NetTransport sender = started(loopback(), new TestHandler());
		sender.sendPacket(receiver.advertisedAddress(), bytes("first"));
		await(() -> handler.failPackets.get() == 0, "the handler threw");
		sender.sendPacket(receiver.advertisedAddress(), bytes("second"));
		assertThat(handler.nextPacket().packet()).isEqualTo(bytes("second"));
	}

	@Test
	void aPacketToAnUnresolvedAddressIsCountedNotThrown() {
		NetTransport transport = started(loopback(), new TestHandler());
		assertThatNoException().isThrownBy(
				() -> transport.sendPacket(InetSocketAddress.createUnresolved("nowhere.invalid", 7946), bytes("x")));
		assertThat(transport.counters().sendErrors()).isEqualTo(1);
		assertThat(transport.counters().packetsSent()).isZero();
	}

	@Test
	void aStreamRequestGetsTheReplySentLaterFromAnotherThread() throws Exception {
		TestHandler serverHandler = new TestHandler();
		NetTransport server = started(loopback(), serverHandler);
		NetTransport client = started(loopback(), new TestHandler());
		RecordingCallback callback = new RecordingCallback();
		client.sendStream(server.advertisedAddress(), framed("ping"), true, PATIENCE, callback);
		Request request = serverHandler.nextRequest();
		assertThat(request.request()).isEqualTo(framed("ping"));
		CompletableFuture.runAsync(() -> request.reply().send(framed("pong")));
		assertThat(callback.reply()).isEqualTo(framed("pong"));
		assertThat(callback.calls.get()).isEqualTo(1);
		assertThat(server.counters().streamsAccepted()).isEqualTo(1);
	}

	@Test
	void aRequestWrittenInChunksIsAssembled() throws Exception {
		TestHandler handler = new TestHandler();
		handler.onStream = (request, reply) -> reply.send(framed("ok"));
		NetTransport server = started(loopback(), handler);
		byte[] request = framed("hello");
		try (Socket socket = rawClient(server)) {
			OutputStream out = socket.getOutputStream();
			out.write(request, 0, 3);
			out.flush();
			await(() -> handler.checkedLengths.contains(3), "the first chunk was checked");
			out.write(request, 3, request.length - 3);
			out.flush();
			assertThat(socket.getInputStream().readAllBytes()).isEqualTo(framed("ok"));
		}
		assertThat(handler.nextRequest().request()).isEqualTo(request);
		// Loopback delivers each write whole, but TCP promises only the order of the bytes.
		assertThat(handler.checkedLengths).contains(3).last().isEqualTo(request.length);
	}

	@Test
	void aReplyWrittenInChunksIsAssembled() throws Exception {
		TestHandler clientHandler = new TestHandler();
		NetTransport client = started(loopback(), clientHandler);
		try (ServerSocket server = rawServer()) {
			RecordingCallback callback = new RecordingCallback();
			client.sendStream(new InetSocketAddress(LOOPBACK, server.getLocalPort()), framed("ask"), true, PATIENCE,
					callback);
			byte[] reply = framed("answer");
			try (Socket accepted = server.accept()) {
				assertThat(accepted.getInputStream().readNBytes(framed("ask").length)).isEqualTo(framed("ask"));
				OutputStream out = accepted.getOutputStream();
				out.write(reply, 0, 2);
				out.flush();
				await(() -> clientHandler.checkedLengths.contains(2), "the first chunk was checked");
				out.write(reply, 2, reply.length - 2);
				out.flush();
				assertThat(callback.reply()).isEqualTo(reply);
			}
		}
	}

	@Test
	void aStreamWithoutAReplyExpectedCompletesWithAnEmptyReply() throws Exception {
		TestHandler serverHandler = new TestHandler();
		serverHandler.onStream = (request, reply) -> reply.send(null);
		NetTransport server = started(loopback(), serverHandler);
		NetTransport client = started(loopback(), new TestHandler());
		RecordingCallback callback = new RecordingCallback();
		client.sendStream(server.advertisedAddress(), framed("user message"), false, PATIENCE, callback);
		assertThat(callback.reply()).isEmpty();
		assertThat(serverHandler.nextRequest().request()).isEqualTo(framed("user message"));
	}

	@Test
	void aRefusedConnectionFailsTheStream() throws Exception {
		int closedPort;
		try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
			closedPort = probe.getLocalPort();
		}
		NetTransport client = started(loopback(), new TestHandler());
		RecordingCallback callback = new RecordingCallback();
		client.sendStream(new InetSocketAddress(LOOPBACK, closedPort), framed("hello"), true, PATIENCE, callback);
		assertThat(callback.failure()).isInstanceOf(ConnectException.class);
		assertThat(callback.calls.get()).isEqualTo(1);
		assertThat(client.counters().streamsFailed()).isEqualTo(1);
	}

	@Test
	void aServerThatNeverRepliesFailsTheStreamAtTheTimeout() throws Exception {
		TestHandler serverHandler = new TestHandler();
		serverHandler.onStream = (request, reply) -> {
		};
		NetTransport server = started(loopback().tcpTimeout(Duration.ofMillis(600)), serverHandler);
		NetTransport client = started(loopback(), new TestHandler());
		RecordingCallback callback = new RecordingCallback();
		long startNanos = System.nanoTime();
		client.sendStream(server.advertisedAddress(), framed("hello"), true, Duration.ofMillis(300), callback);
		assertThat(callback.failure()).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("300 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(PATIENCE);
		// Once the server has given up too, nothing is left that could call back a second time.
		await(() -> server.counters().streamsFailed() == 1, "the server dropped the stream at its deadline");
		assertThat(callback.calls.get()).isEqualTo(1);
	}

	@Test
	void anInvalidReplyFailsTheStream() throws Exception {
		NetTransport client = started(loopback(), new TestHandler());
		try (ServerSocket server = rawServer()) {
			RecordingCallback callback = new RecordingCallback();
			client.sendStream(new InetSocketAddress(LOOPBACK, server.getLocalPort()), framed("ask"), true, PATIENCE,
					callback);
			try (Socket accepted = server.accept()) {
				accepted.getOutputStream().write(new byte[] { (byte) 0xff, 0, 0, 0 });
				assertThat(callback.failure()).isInstanceOf(ProtocolException.class);
			}
		}
	}

	@Test
	void aReplyCutShortFailsTheStream() throws Exception {
		NetTransport client = started(loopback(), new TestHandler());
		try (ServerSocket server = rawServer()) {
			RecordingCallback callback = new RecordingCallback();
			client.sendStream(new InetSocketAddress(LOOPBACK, server.getLocalPort()), framed("ask"), true, PATIENCE,
					callback);
			try (Socket accepted = server.accept()) {
				accepted.getInputStream().readNBytes(framed("ask").length);
				accepted.getOutputStream().write(Arrays.copyOf(framed("answer"), 5));
			}
			assertThat(callback.failure()).isInstanceOf(EOFException.class);
		}
	}

	@Test
	void theServerClosesAStreamNobodyRepliesToAtItsDeadline() throws Exception {
		TestHandler handler = new TestHandler();
		handler.onStream = (request, reply) -> {
		};
		NetTransport server = started(loopback().tcpTimeout(Duration.ofMillis(300)), handler);
		try (Socket socket = rawClient(server)) {
			socket.getOutputStream().write(framed("hello"));
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		await(() -> server.counters().streamsFailed() == 1, "the stream counted as failed");
	}

	@Test
	void aRequestCutShortIsDroppedAndCounted() throws Exception {
		TestHandler handler = new TestHandler();
		NetTransport server = started(loopback(), handler);
		try (Socket socket = rawClient(server)) {
			socket.getOutputStream().write(Arrays.copyOf(framed("hello"), 6));
			socket.shutdownOutput();
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		await(() -> server.counters().streamsFailed() == 1, "the stream counted as failed");
		assertThat(handler.requests).isEmpty();
	}

	@Test
	void anInvalidRequestClosesTheStream() throws Exception {
		TestHandler handler = new TestHandler();
		NetTransport server = started(loopback(), handler);
		try (Socket socket = rawClient(server)) {
			socket.getOutputStream().write(new byte[] { (byte) 0xff, 1, 2, 3, 4 });
			assertThat(readUntilClosed(socket)).isEmpty();
		}
		await(() -> server.counters().streamsFailed() == 1, "the stream counted as failed");
		assertThat(handler.requests).isEmpty();
	}

	@Test
	void aRequestOverTheSizeLimitClosesTheStream() throws Exception {
		TestHandler handler = new TestHandler();
		NetTransport server = started(loopback().maxStreamBytes(64), handler);
		try (Socket socket = rawClient(server)) {
			byte[] big = framed("x".repeat(200));
			socket.getOutputStream().write(big);
			assertThat(readUntilClosed(socket)).isEmpty();
		}
		await(() -> server.counters().streamsFailed() == 1, "the stream counted as failed");
		assertThat(handler.checkedLengths).allSatisfy((length) -> assertThat(length).isLessThanOrEqualTo(65));
		assertThat(handler.requests).isEmpty();
	}

	@Test
	void streamsBeyondTheLimitAreRefusedAtOnce() throws Exception {
		TestHandler handler = new TestHandler();
		handler.onStream = (request, reply) -> reply.send(framed("ok"));
		NetTransport server = started(loopback().maxConcurrentStreams(1), handler);
		try (Socket held = rawClient(server)) {
			await(() -> server.counters().streamsAccepted() == 1, "the first stream was accepted");
			try (Socket refused = rawClient(server)) {
				assertThat(refused.getInputStream().read()).isEqualTo(-1);
			}
			assertThat(server.counters().streamsRefused()).isEqualTo(1);
			held.getOutputStream().write(framed("hello"));
			assertThat(held.getInputStream().readAllBytes()).isEqualTo(framed("ok"));
		}
		// The permit is back once the first stream is over.
		await(() -> {
			try (Socket again = rawClient(server)) {
				again.getOutputStream().write(framed("again"));
				return Arrays.equals(again.getInputStream().readAllBytes(), framed("ok"));
			}
			catch (IOException ex) {
				return false;
			}
		}, "a later stream was served");
	}

	@Test
	void aThrowingStreamHandlerClosesTheStream() throws Exception {
		TestHandler handler = new TestHandler();
		handler.onStream = (request, reply) -> {
			throw new IllegalStateException("boom");
		};
		NetTransport server = started(loopback(), handler);
		try (Socket socket = rawClient(server)) {
			socket.getOutputStream().write(framed("hello"));
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		await(() -> server.counters().streamsFailed() == 1, "the stream counted as failed");
	}

	@Test
	void closeReleasesThePort() throws Exception {
		NetTransport first = started(loopback(), new TestHandler());
		int port = first.boundAddress().getPort();
		first.close();
		TestHandler handler = new TestHandler();
		NetTransport second = started(loopback().bindPort(port), handler);
		assertThat(second.boundAddress().getPort()).isEqualTo(port);
		try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
			socket.send(new DatagramPacket(bytes("again"), 5, second.advertisedAddress()));
			assertThat(handler.nextPacket().packet()).isEqualTo(bytes("again"));
		}
	}

	@Test
	void closeIsIdempotentAndLaterSendsAreIgnored() throws Exception {
		NetTransport transport = started(loopback(), new TestHandler());
		transport.close();
		transport.close();
		assertThatNoException().isThrownBy(() -> transport.sendPacket(new InetSocketAddress(LOOPBACK, 9), bytes("x")));
		RecordingCallback callback = new RecordingCallback();
		transport.sendStream(new InetSocketAddress(LOOPBACK, 9), framed("x"), true, PATIENCE, callback);
		assertThat(callback.failure()).isInstanceOf(IOException.class).hasMessageContaining("closed");
		assertThat(transport.counters().sendErrors()).isZero();
		assertThatIllegalStateException().isThrownBy(() -> transport.start(new TestHandler()))
			.withMessageContaining("closed");
	}

	@Test
	void closeFailsAStreamInFlight() throws Exception {
		TestHandler serverHandler = new TestHandler();
		serverHandler.onStream = (request, reply) -> {
		};
		NetTransport server = started(loopback(), serverHandler);
		NetTransport client = started(loopback(), new TestHandler());
		RecordingCallback callback = new RecordingCallback();
		client.sendStream(server.advertisedAddress(), framed("hello"), true, PATIENCE, callback);
		serverHandler.nextRequest();
		client.close();
		assertThat(callback.failure()).isInstanceOf(IOException.class);
		assertThat(callback.calls.get()).isEqualTo(1);
	}

	@Test
	void bindingAPortInUseFailsNamingThePort() {
		NetTransport first = started(loopback(), new TestHandler());
		int port = first.boundAddress().getPort();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> loopback().bindPort(port).bind())
			.withMessageContaining("127.0.0.1:" + port)
			.withMessageContaining("port " + port + " is already in use")
			.withMessageContaining("another bind port")
			.withMessageStartingWith("Cannot bind gossip TCP to 127.0.0.1:" + port + ": ")
			.withCauseInstanceOf(BindException.class);
	}

	@Test
	void aUdpPortInUseFailsNamingUdpAndReleasesTcp() throws Exception {
		try (DatagramSocket taken = new DatagramSocket(0, LOOPBACK)) {
			int port = taken.getLocalPort();
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> loopback().bindPort(port).bind())
				.withMessageContaining("gossip UDP")
				.withMessageContaining("port " + port + " is already in use");
			// The TCP socket bound before UDP failed was released.
			try (ServerSocket tcp = new ServerSocket(port, 1, LOOPBACK)) {
				assertThat(tcp.getLocalPort()).isEqualTo(port);
			}
		}
	}

	@Test
	void aStreamBeforeStartIsAMistake() {
		NetTransport transport = loopback().bind();
		this.resources.add(transport);
		assertThatIllegalStateException()
			.isThrownBy(() -> transport.sendStream(new InetSocketAddress(LOOPBACK, 9), framed("x"), true, PATIENCE,
					new RecordingCallback()))
			.withMessageContaining("not started");
	}

	@Test
	void anExplicitAdvertiseAddressAndPortAreAdvertised() {
		InetAddress advertised = address("192.0.2.7");
		NetTransport transport = loopback().advertiseAddress(advertised).advertisePort(17946).bind();
		this.resources.add(transport);
		assertThat(transport.advertisedAddress()).isEqualTo(new InetSocketAddress(advertised, 17946));
	}

	@Test
	void aWildcardBindAdvertisesAConcreteAddress() {
		NetTransport transport = NetTransport.builder().bindPort(0).bind();
		this.resources.add(transport);
		assertThat(transport.boundAddress().getAddress().isAnyLocalAddress()).isTrue();
		assertThat(transport.advertisedAddress().getAddress().isAnyLocalAddress()).isFalse();
		assertThat(transport.advertisedAddress().getPort()).isEqualTo(transport.boundAddress().getPort());
	}

	@Test
	void theAdvertiseAddressOfAConcreteBindIsTheBoundOne() {
		assertThat(NetTransport.defaultAdvertiseAddress(LOOPBACK)).isEqualTo(LOOPBACK);
	}

	@Test
	void badSettingsAreRejectedNamingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> NetTransport.builder().bindPort(-1))
			.withMessage("bindPort must be between 0 and 65535: -1");
		assertThatIllegalArgumentException().isThrownBy(() -> NetTransport.builder().advertisePort(0))
			.withMessage("advertisePort must be between 1 and 65535: 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> NetTransport.builder().advertiseAddress(address("0.0.0.0")))
			.withMessage("advertiseAddress must not be a wildcard address: 0.0.0.0");
		assertThatIllegalArgumentException().isThrownBy(() -> NetTransport.builder().tcpTimeout(Duration.ZERO))
			.withMessage("tcpTimeout must be positive: PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> NetTransport.builder().maxConcurrentStreams(0))
			.withMessage("maxConcurrentStreams must be positive: 0");
	}

	private NetTransport.Builder loopback() {
		return NetTransport.builder().bindAddress(LOOPBACK).bindPort(0);
	}

	private NetTransport started(NetTransport.Builder builder, Handler handler) {
		NetTransport transport = builder.bind();
		this.resources.add(transport);
		transport.start(handler);
		return transport;
	}

	private Socket rawClient(NetTransport server) throws IOException {
		Socket socket = new Socket(LOOPBACK, server.advertisedAddress().getPort());
		socket.setSoTimeout((int) PATIENCE.toMillis());
		return socket;
	}

	private ServerSocket rawServer() throws IOException {
		ServerSocket server = new ServerSocket(0, 1, LOOPBACK);
		server.setSoTimeout((int) PATIENCE.toMillis());
		return server;
	}

	/**
	 * Reads until the peer closes; a reset (the peer closed with bytes unread) counts as closed.
	 */
	private static byte[] readUntilClosed(Socket socket) throws IOException {
		try {
			return socket.getInputStream().readAllBytes();
		}
		catch (SocketException ex) {
			return new byte[0];
		}
	}

	private static void await(BooleanSupplier condition, String description) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Not true within " + PATIENCE + ": " + description);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A message as {@link TestHandler} frames them: a 4-byte big-endian length, then the bytes.
	 */
	private static byte[] framed(String text) {
		byte[] body = bytes(text);
		return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(literal, ex);
		}
	}

	record Datagram(InetSocketAddress from, byte[] packet) {
	}

	record Request(InetSocketAddress from, byte[] request, StreamReply reply) {
	}

	/**
	 * Frames streams with a 4-byte length prefix (a negative length is invalid) and records
	 * what arrives.
	 */
	static final class TestHandler implements Handler {

		final BlockingQueue<Datagram> packets = new LinkedBlockingQueue<>();

		final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

		final List<Integer> checkedLengths = new CopyOnWriteArrayList<>();

		final AtomicInteger failPackets = new AtomicInteger();

		volatile BiConsumer<byte[], StreamReply> onStream = (request, reply) -> {
		};

		@Override
		public void packet(InetSocketAddress from, byte[] packet) {
			if (this.failPackets.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				throw new IllegalStateException("handler failure on purpose");
			}
			this.packets.add(new Datagram(from, packet));
		}

		@Override
		public void stream(InetSocketAddress from, byte[] request, StreamReply reply) {
			this.requests.add(new Request(from, request, reply));
			this.onStream.accept(request, reply);
		}

		@Override
		public Completeness streamComplete(byte[] received) {
			this.checkedLengths.add(received.length);
			if (received.length < 4) {
				return Completeness.NEED_MORE;
			}
			int length = ByteBuffer.wrap(received).getInt();
			if (length < 0) {
				return Completeness.INVALID;
			}
			return (received.length >= 4 + length) ? Completeness.COMPLETE : Completeness.NEED_MORE;
		}

		Datagram nextPacket() throws InterruptedException {
			Datagram datagram = this.packets.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(datagram).as("a datagram within " + PATIENCE).isNotNull();
			return datagram;
		}

		Request nextRequest() throws InterruptedException {
			Request request = this.requests.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(request).as("a stream request within " + PATIENCE).isNotNull();
			return request;
		}

	}

	/**
	 * Records how a stream ended, and how many times it was told.
	 */
	static final class RecordingCallback implements StreamCallback {

		final AtomicInteger calls = new AtomicInteger();

		private final CompletableFuture<Object> outcome = new CompletableFuture<>();

		@Override
		public void replied(byte[] reply) {
			this.calls.incrementAndGet();
			this.outcome.complete(reply);
		}

		@Override
		public void failed(Exception cause) {
			this.calls.incrementAndGet();
			this.outcome.complete(cause);
		}

		byte[] reply() throws Exception {
			Object result = this.outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(result).as("the stream's outcome").isInstanceOf(byte[].class);
			return (byte[]) result;
		}

		Exception failure() throws Exception {
			Object result = this.outcome.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(result).as("the stream's outcome").isInstanceOf(Exception.class);
			return (Exception) result;
		}

	}

}
