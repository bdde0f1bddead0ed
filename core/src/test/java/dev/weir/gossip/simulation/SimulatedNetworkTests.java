package dev.weir.gossip.simulation;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.weir.gossip.transport.Transport;
import dev.weir.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link SimulatedNetwork}: links, faults, streams and statistics.
 */
class SimulatedNetworkTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Simulation simulation = new Simulation(20240101);

	private final SimulatedNetwork network = new SimulatedNetwork(this.simulation,
			LinkConditions.perfect().withDelay(Duration.ofMillis(10)));

	@Test
	void addressesAreUniqueStableAndNeedNoDns() {
		Set<InetSocketAddress> seen = new HashSet<>();
		for (int i = 0; i < 600; i++) {
			InetSocketAddress address = this.network.address("node-" + i);
			assertThat(seen.add(address)).isTrue();
			assertThat(address.getPort()).isEqualTo(SimulatedNetwork.PORT);
			assertThat(address.getAddress().getAddress()[0]).isEqualTo((byte) 10);
			assertThat(address.isUnresolved()).isFalse();
		}
		assertThat(this.network.address("node-0")).hasToString("/10.0.0.1:7946");
		assertThat(this.network.address("node-254")).hasToString("/10.0.1.1:7946");
		assertThat(this.network.address("node-7")).isEqualTo(new InetSocketAddress("10.0.0.8", 7946));
		assertThat(this.network.nameOf(new InetSocketAddress("10.0.0.8", 7946))).contains("node-7");
		assertThat(this.network.nameOf(new InetSocketAddress("10.9.9.9", 7946))).isEmpty();
	}

	@Test
	void packetArrivesAsEventAfterDelay() {
		Inbox a = start("a");
		Inbox b = start("b");
		a.transport.sendPacket(b.address(), bytes("hello"));
		assertThat(b.packets).isEmpty();
		this.simulation.runFor(Duration.ofMillis(9));
		assertThat(b.packets).isEmpty();
		this.simulation.runFor(Duration.ofMillis(1));
		assertThat(b.packets).containsExactly(new Received(Duration.ofMillis(10), a.address(), "hello"));
	}

	@Test
	void deliveryTimeIsWithinDelayPlusJitter() {
		this.network.setDefaults(LinkConditions.perfect().withDelay(Duration.ofMillis(10)).withJitter(Duration.ofMillis(5)));
		Inbox a = start("a");
		Inbox b = start("b");
		for (int i = 0; i < 2000; i++) {
			a.transport.sendPacket(b.address(), bytes("p" + i));
		}
		this.simulation.runFor(Duration.ofSeconds(1));
		List<Duration> times = b.packets.stream().map(Received::at).sorted().toList();
		assertThat(times).hasSize(2000)
			.allSatisfy((at) -> assertThat(at).isBetween(Duration.ofMillis(10), Duration.ofMillis(15)));
		assertThat(times.get(0)).isLessThan(Duration.ofMillis(11));
		assertThat(times.get(times.size() - 1)).isGreaterThan(Duration.ofMillis(14));
	}

	@Test
	void jitterReordersPackets() {
		this.network.setDefaults(LinkConditions.perfect().withDelay(Duration.ofMillis(10)).withJitter(Duration.ofMillis(20)));
		Inbox a = start("a");
		Inbox b = start("b");
		for (int i = 0; i < 50; i++) {
			int n = i;
			a.scheduler.schedule(Duration.ofMillis(i), () -> a.transport.sendPacket(b.address(), bytes("" + n)));
		}
		this.simulation.runFor(Duration.ofSeconds(1));
		List<Integer> order = b.packets.stream().map((received) -> Integer.parseInt(received.text())).toList();
		List<Integer> sent = order.stream().sorted().toList();
		assertThat(sent).hasSize(50).doesNotHaveDuplicates();
		assertThat(order).isNotEqualTo(sent);
	}

	@Test
	void senderMayReuseItsBuffer() {
		Inbox a = start("a");
		Inbox b = start("b");
		byte[] buffer = bytes("first");
		a.transport.sendPacket(b.address(), buffer);
		buffer[0] = 'F';
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(b.packets).extracting(Received::text).containsExactly("first");
	}

	@Test
	void lossRateIsNearConfigured() {
		this.network.setDefaults(this.network.defaults().withLoss(0.2));
		Inbox a = start("a");
		Inbox b = start("b");
		int sent = 20_000;
		for (int i = 0; i < sent; i++) {
			a.transport.sendPacket(b.address(), bytes("x"));
		}
		this.simulation.runFor(Duration.ofSeconds(1));
		TrafficStats stats = this.network.stats("a");
		assertThat(stats.packetsSent()).isEqualTo(sent);
		// Three standard deviations of a binomial(20000, 0.2) are 0.0085.
		assertThat((double) stats.packetsDropped() / sent).isCloseTo(0.2, within(0.0085));
		assertThat(this.network.dropped(DropCause.LOSS)).isEqualTo(stats.packetsDropped());
		assertThat(b.packets).hasSize((int) (sent - stats.packetsDropped()));
		assertThat(this.network.stats("b").packetsReceived()).isEqualTo(b.packets.size());
	}

	@Test
	void lossAppliesPerLinkOverride() {
		Inbox a = start("a");
		Inbox b = start("b");
		Inbox c = start("c");
		this.network.setConditions("a", "b", this.network.defaults().withLoss(1));
		a.transport.sendPacket(b.address(), bytes("lost"));
		a.transport.sendPacket(c.address(), bytes("kept"));
		b.transport.sendPacket(a.address(), bytes("back"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(b.packets).isEmpty();
		assertThat(c.packets).extracting(Received::text).containsExactly("kept");
		assertThat(a.packets).extracting(Received::text).containsExactly("back");
		this.network.clearConditions();
		a.transport.sendPacket(b.address(), bytes("again"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(b.packets).extracting(Received::text).containsExactly("again");
	}

	@Test
	void duplicationDeliversTwiceAsSeparateCopies() {
		this.network.setDefaults(this.network.defaults().withDuplication(1));
		Inbox a = start("a");
		Inbox b = start("b");
		a.transport.sendPacket(b.address(), bytes("twice"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(b.packets).extracting(Received::text).containsExactly("twice", "twice");
		assertThat(b.arrays.get(0)).isNotSameAs(b.arrays.get(1));
		assertThat(this.network.stats("a").packetsDuplicated()).isEqualTo(1);
		assertThat(this.network.stats("b").packetsReceived()).isEqualTo(2);
	}

	@Test
	void partitionBlocksPacketsBothWaysAndHealRestoresThem() {
		Inbox a = start("a");
		Inbox b = start("b");
		this.network.partition(Set.of("a"), Set.of("b"));
		a.transport.sendPacket(b.address(), bytes("a to b"));
		b.transport.sendPacket(a.address(), bytes("b to a"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(a.packets).isEmpty();
		assertThat(b.packets).isEmpty();
		assertThat(this.network.dropped(DropCause.PARTITION)).isEqualTo(2);
		this.network.heal();
		a.transport.sendPacket(b.address(), bytes("a to b"));
		b.transport.sendPacket(a.address(), bytes("b to a"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(a.packets).extracting(Received::text).containsExactly("b to a");
		assertThat(b.packets).extracting(Received::text).containsExactly("a to b");
	}

	@Test
	void partitionBlocksStreamsBothWaysUntilTimeoutAndHealRestoresThem() {
		Inbox a = start("a");
		Inbox b = start("b");
		a.replies = (request) -> bytes("reply from a");
		b.replies = (request) -> bytes("reply from b");
		this.network.partition(Set.of("a"), Set.of("b"));
		Outcome aToB = stream(a, b, "ping", true);
		Outcome bToA = stream(b, a, "ping", true);
		this.simulation.runFor(TIMEOUT.plusSeconds(1));
		assertThat(aToB.failure).isInstanceOf(SocketTimeoutException.class);
		assertThat(aToB.at).isEqualTo(TIMEOUT);
		assertThat(bToA.failure).isInstanceOf(SocketTimeoutException.class);
		assertThat(a.streams).isEmpty();
		assertThat(b.streams).isEmpty();
		this.network.heal();
		Outcome healed = stream(a, b, "ping", true);
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(healed.reply).isEqualTo("reply from b");
	}

	@Test
	void partitionFormedInFlightDropsPacketAndReply() {
		Inbox a = start("a");
		Inbox b = start("b");
		b.replies = (request) -> bytes("pong");
		a.transport.sendPacket(b.address(), bytes("in flight"));
		Outcome outcome = stream(a, b, "ping", true);
		this.simulation.runFor(Duration.ofMillis(15));
		assertThat(b.streams).containsExactly("ping");
		this.network.partition(Set.of("a"));
		this.simulation.runFor(TIMEOUT);
		assertThat(b.packets).extracting(Received::text).containsExactly("in flight");
		assertThat(outcome.failure).isInstanceOf(SocketTimeoutException.class);
		assertThat(outcome.at).isEqualTo(TIMEOUT);
	}

	@Test
	void nodesNamedInNoGroupFormOneGroup() {
		Inbox a = start("a");
		Inbox b = start("b");
		Inbox c = start("c");
		this.network.partition(Set.of("a"));
		assertThat(this.network.canReach("b", "c")).isTrue();
		assertThat(this.network.canReach("a", "b")).isFalse();
		assertThat(this.network.canReach("c", "a")).isFalse();
		b.transport.sendPacket(c.address(), bytes("same side"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(c.packets).hasSize(1);
		assertThat(a.packets).isEmpty();
	}

	@Test
	void nodeCreatedAfterPartitionJoinsItsGroup() {
		this.network.partition(Set.of("late", "a"), Set.of("b"));
		this.network.isolate("hermit");
		Inbox a = start("a");
		Inbox b = start("b");
		Inbox late = start("late");
		Inbox hermit = start("hermit");
		late.transport.sendPacket(a.address(), bytes("to a"));
		late.transport.sendPacket(b.address(), bytes("to b"));
		late.transport.sendPacket(hermit.address(), bytes("to hermit"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(a.packets).hasSize(1);
		assertThat(b.packets).isEmpty();
		assertThat(hermit.packets).isEmpty();
		assertThat(this.network.canReach("late", "a")).isTrue();
		assertThat(this.network.canReach("late", "b")).isFalse();
		assertThat(this.network.canReach("late", "hermit")).isFalse();
	}

	@Test
	void partitionGroupsMustBeDisjoint() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.network.partition(Set.of("a", "b"), Set.of("b")))
			.withMessage("groups must be disjoint: b is in groups 0 and 1");
	}

	@Test
	void isolatedNodeReachesNobodyUntilReconnected() {
		Inbox a = start("a");
		Inbox b = start("b");
		this.network.isolate("a");
		assertThat(this.network.canReach("a", "a")).isTrue();
		a.transport.sendPacket(b.address(), bytes("out"));
		b.transport.sendPacket(a.address(), bytes("in"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(a.packets).isEmpty();
		assertThat(b.packets).isEmpty();
		this.network.reconnect("a");
		a.transport.sendPacket(b.address(), bytes("out"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(b.packets).hasSize(1);
	}

	@Test
	void streamRequestAndReplyEachTakeOneLinkDelay() {
		Inbox a = start("a");
		Inbox b = start("b");
		List<Duration> requestAt = new ArrayList<>();
		b.replies = (request) -> {
			requestAt.add(this.simulation.now());
			return bytes("pong:" + request);
		};
		Outcome outcome = stream(a, b, "ping", true);
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(requestAt).containsExactly(Duration.ofMillis(10));
		assertThat(b.streamSenders).containsExactly(a.address());
		assertThat(outcome.reply).isEqualTo("pong:ping");
		assertThat(outcome.at).isEqualTo(Duration.ofMillis(20));
		assertThat(this.network.stats("a").streamsSucceeded()).isEqualTo(1);
		assertThat(this.network.stats("b").streamsAccepted()).isEqualTo(1);
	}

	@Test
	void streamWithoutReplyEndsOnceAcknowledged() {
		Inbox a = start("a");
		Inbox b = start("b");
		Outcome outcome = stream(a, b, "push", false);
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(b.streams).containsExactly("push");
		assertThat(outcome.reply).isEmpty();
		assertThat(outcome.at).isEqualTo(Duration.ofMillis(20));
	}

	@Test
	void streamTimesOutAtTimeoutWhenReceiverNeverReplies() {
		Inbox a = start("a");
		Inbox b = start("b");
		b.replies = null;
		Outcome outcome = stream(a, b, "ping", true);
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(b.streams).containsExactly("ping");
		assertThat(outcome.failure).isInstanceOf(SocketTimeoutException.class)
			.hasMessage("Stream from a to b timed out after PT10S");
		assertThat(outcome.at).isEqualTo(TIMEOUT);
		assertThat(outcome.calls).isEqualTo(1);
		assertThat(this.network.stats("a").streamsFailed()).isEqualTo(1);
	}

	@Test
	void streamReplyLaterThanTimeoutIsIgnored() {
		this.network.setDefaults(LinkConditions.perfect().withDelay(Duration.ofSeconds(6)));
		Inbox a = start("a");
		Inbox b = start("b");
		Outcome outcome = stream(a, b, "ping", true);
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(b.streams).containsExactly("ping");
		assertThat(outcome.failure).isInstanceOf(SocketTimeoutException.class);
		assertThat(outcome.at).isEqualTo(TIMEOUT);
		assertThat(outcome.calls).isEqualTo(1);
	}

	@Test
	void streamToCrashedNodeIsRefusedAfterRoundTrip() {
		Inbox a = start("a");
		start("b");
		this.network.crash("b");
		assertThat(this.network.isUp("b")).isFalse();
		Outcome outcome = stream(a, this.network.address("b"), "ping", true);
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(outcome.failure).isInstanceOf(ConnectException.class);
		assertThat(outcome.at).isEqualTo(Duration.ofMillis(20));
	}

	@Test
	void streamToUnknownAddressTimesOut() {
		Inbox a = start("a");
		Outcome outcome = stream(a, new InetSocketAddress("192.168.1.1", 7946), "ping", true);
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(outcome.failure).isInstanceOf(SocketTimeoutException.class);
		assertThat(outcome.at).isEqualTo(TIMEOUT);
	}

	@Test
	void nullReplyWhenReplyExpectedFailsStream() {
		Inbox a = start("a");
		Inbox b = start("b");
		b.replies = (request) -> null;
		Outcome outcome = stream(a, b, "ping", true);
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(outcome.failure).isInstanceOf(EOFException.class).hasMessageContaining("without a reply");
		assertThat(outcome.at).isEqualTo(Duration.ofMillis(20));
	}

	@Test
	void invalidRequestClosesStream() {
		Inbox a = start("a");
		Inbox b = start("b");
		b.completeness = Transport.Completeness.INVALID;
		Outcome outcome = stream(a, b, "garbage", true);
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(b.streams).isEmpty();
		assertThat(outcome.failure).isInstanceOf(EOFException.class).hasMessageContaining("invalid");
		assertThat(outcome.at).isEqualTo(Duration.ofMillis(20));
	}

	@Test
	void truncatedRequestLeavesSenderToTimeOut() {
		Inbox a = start("a");
		Inbox b = start("b");
		b.completeness = Transport.Completeness.NEED_MORE;
		Outcome outcome = stream(a, b, "trunc", true);
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(b.streams).isEmpty();
		assertThat(outcome.failure).isInstanceOf(SocketTimeoutException.class);
		assertThat(outcome.at).isEqualTo(TIMEOUT);
	}

	@Test
	void streamsAreNeitherLostNorDuplicated() {
		this.network.setDefaults(this.network.defaults().withLoss(1).withDuplication(1));
		Inbox a = start("a");
		Inbox b = start("b");
		Outcome outcome = stream(a, b, "ping", true);
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(b.streams).containsExactly("ping");
		assertThat(outcome.reply).isEqualTo("ok");
	}

	@Test
	void replyingTwiceFailsRun() {
		Inbox a = start("a");
		Inbox b = start("b");
		b.replyTwice = true;
		stream(a, b, "ping", true);
		assertThatThrownBy(() -> this.simulation.runFor(Duration.ofMinutes(1))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("seed=20240101")
			.cause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("already sent");
	}

	@Test
	void handlerThatThrowsFailsRunWithSeed() {
		Inbox a = start("a");
		Inbox b = start("b");
		b.throwOnPacket = true;
		a.transport.sendPacket(b.address(), bytes("poison"));
		assertThatThrownBy(() -> this.simulation.runFor(Duration.ofMinutes(1))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("A task for b threw at t=PT0.01S")
			.hasMessageContaining("seed=20240101")
			.hasCauseInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void crashedNodeDropsEverythingAndItsTasksStop() {
		Inbox a = start("a");
		Inbox b = start("b");
		List<String> ran = new ArrayList<>();
		b.scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("timer"));
		Outcome pending = stream(b, a, "ping", true);
		a.transport.sendPacket(b.address(), bytes("before crash"));
		this.network.crash("b");
		b.transport.sendPacket(a.address(), bytes("from the dead"));
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(ran).isEmpty();
		assertThat(b.packets).isEmpty();
		assertThat(a.packets).isEmpty();
		assertThat(pending.calls).isZero();
		assertThat(this.network.dropped(DropCause.RECEIVER_DOWN)).isEqualTo(1);
		assertThat(this.network.dropped(DropCause.SENDER_DOWN)).isEqualTo(1);
	}

	@Test
	void restartGivesNewTransportAndSchedulerAtSameAddress() {
		Inbox a = start("a");
		Inbox b = start("b");
		List<String> ran = new ArrayList<>();
		b.scheduler.schedule(Duration.ofSeconds(1), () -> ran.add("old timer"));
		SimulatedNode restarted = this.network.restart("b");
		assertThat(restarted.address()).isEqualTo(b.address());
		assertThat(restarted.transport()).isNotSameAs(b.transport);
		assertThat(restarted.scheduler()).isNotSameAs(b.scheduler);
		assertThat(restarted.clock()).isSameAs(this.simulation.clock());
		Inbox newB = new Inbox(restarted);
		a.transport.sendPacket(b.address(), bytes("hello again"));
		this.simulation.runFor(Duration.ofSeconds(2));
		assertThat(ran).isEmpty();
		assertThat(b.packets).isEmpty();
		assertThat(newB.packets).extracting(Received::text).containsExactly("hello again");
		assertThat(this.network.isUp("b")).isTrue();
	}

	@Test
	void secondOpenTransportForOneNodeIsRejected() {
		start("a");
		assertThatIllegalStateException().isThrownBy(() -> this.network.transport("a"))
			.withMessage("Node a already has an open transport: crash or close it first");
	}

	@Test
	void closingTransportFailsItsPendingStreams() {
		Inbox a = start("a");
		Inbox b = start("b");
		b.replies = null;
		Outcome outcome = stream(a, b, "ping", true);
		this.simulation.runFor(Duration.ofMillis(1));
		a.transport.close();
		this.simulation.runFor(Duration.ofMinutes(1));
		assertThat(outcome.failure).isInstanceOf(IOException.class).hasMessageContaining("closed");
		assertThat(outcome.at).isEqualTo(Duration.ofMillis(1));
		assertThat(outcome.calls).isEqualTo(1);
	}

	@Test
	void packetsToStoppedOrUnstartedTransportAreDropped() {
		Inbox a = start("a");
		Transport unstarted = this.network.transport("b");
		a.transport.sendPacket(unstarted.advertisedAddress(), bytes("nobody listens"));
		a.transport.sendPacket(new InetSocketAddress("10.200.0.1", 7946), bytes("nobody there"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(this.network.dropped(DropCause.RECEIVER_DOWN)).isEqualTo(1);
		assertThat(this.network.dropped(DropCause.UNKNOWN_ADDRESS)).isEqualTo(1);
		assertThat(this.network.stats("a").packetsDropped()).isEqualTo(2);
	}

	@Test
	void statsCountPacketsAndBytes() {
		Inbox a = start("a");
		Inbox b = start("b");
		a.transport.sendPacket(b.address(), bytes("12345"));
		a.transport.sendPacket(b.address(), bytes("123"));
		b.transport.sendPacket(a.address(), bytes("1"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(this.network.stats("a")).isEqualTo(new TrafficStats(2, 8, 1, 1, 0, 0, 0, 0, 0, 0, 0));
		assertThat(this.network.totals().packetsSent()).isEqualTo(3);
		assertThat(this.network.totals().bytesReceived()).isEqualTo(9);
		assertThat(this.network.stats("nobody")).isEqualTo(TrafficStats.NONE);
	}

	@Test
	void sameSeedDeliversSameWay() {
		assertThat(lossyGossip(5)).isEqualTo(lossyGossip(5)).isNotEqualTo(lossyGossip(6));
	}

	@Test
	void reportShowsSeedAndEveryNode() {
		Inbox a = start("a");
		Inbox b = start("b");
		a.transport.sendPacket(b.address(), bytes("x"));
		this.simulation.runFor(Duration.ofSeconds(1));
		assertThat(this.network).hasToString("SimulatedNetwork[seed=20240101, now=PT1S, nodes=2, dropped={LOSS=0, "
				+ "PARTITION=0, SENDER_DOWN=0, RECEIVER_DOWN=0, UNKNOWN_ADDRESS=0}]");
		assertThat(this.network.report()).startsWith(this.network.toString())
			.contains("\na ")
			.contains("\nb ");
	}

	/**
	 * Fifty nodes that each send a packet to a random peer every 100 ms for a virtual minute
	 * over lossy, jittery, duplicating links, and what arrived where and when.
	 */
	private static String lossyGossip(long seed) {
		Simulation simulation = new Simulation(seed);
		SimulatedNetwork network = new SimulatedNetwork(simulation,
				LinkConditions.lan().withLoss(0.1).withDuplication(0.05).withJitter(Duration.ofMillis(30)));
		List<Inbox> nodes = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			nodes.add(new Inbox(network.start("node-" + i)));
		}
		for (Inbox node : nodes) {
			Runnable gossip = new Runnable() {

				@Override
				public void run() {
					Inbox peer = nodes.get(node.random.nextInt(nodes.size()));
					node.transport.sendPacket(peer.address(), bytes(node.name));
					node.scheduler.schedule(Duration.ofMillis(100), this);
				}

			};
			node.scheduler.schedule(Duration.ofMillis(node.random.nextInt(100)), gossip);
		}
		simulation.runFor(Duration.ofMinutes(1));
		StringBuilder trace = new StringBuilder().append(simulation.fingerprint()).append('\n');
		for (Inbox node : nodes) {
			trace.append(node.name).append(node.packets).append('\n');
		}
		return trace.toString();
	}

	private Inbox start(String name) {
		return new Inbox(this.network.start(name));
	}

	private Outcome stream(Inbox from, Inbox to, String request, boolean expectReply) {
		return stream(from, to.address(), request, expectReply);
	}

	private Outcome stream(Inbox from, InetSocketAddress to, String request, boolean expectReply) {
		Outcome outcome = new Outcome();
		from.transport.sendStream(to, bytes(request), expectReply, TIMEOUT, outcome);
		return outcome;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * A packet as received.
	 */
	record Received(Duration at, InetSocketAddress from, String text) {

	}

	/**
	 * A node that records what reaches it and replies to streams.
	 */
	private static final class Inbox implements Transport.Handler {

		final String name;

		final Transport transport;

		final SimulatedScheduler scheduler;

		final SplittableRandom random;

		final Clock clock;

		final List<Received> packets = new ArrayList<>();

		final List<byte[]> arrays = new ArrayList<>();

		final List<String> streams = new ArrayList<>();

		final List<InetSocketAddress> streamSenders = new ArrayList<>();

		@Nullable Function<String, byte @Nullable []> replies = (request) -> bytes("ok");

		Transport.Completeness completeness = Transport.Completeness.COMPLETE;

		boolean replyTwice;

		boolean throwOnPacket;

		Inbox(SimulatedNode node) {
			this.name = node.name();
			this.transport = node.transport();
			this.scheduler = node.scheduler();
			this.random = node.random();
			this.clock = node.clock();
			this.transport.start(this);
		}

		InetSocketAddress address() {
			return this.transport.advertisedAddress();
		}

		@Override
		public void packet(InetSocketAddress from, byte[] packet) {
			if (this.throwOnPacket) {
				throw new IllegalArgumentException("cannot decode " + text(packet));
			}
			this.packets.add(new Received(Duration.ofNanos(this.clock.monotonicNanos()), from, text(packet)));
			this.arrays.add(packet);
		}

		@Override
		public void stream(InetSocketAddress from, byte[] request, Transport.StreamReply reply) {
			this.streams.add(text(request));
			this.streamSenders.add(from);
			Function<String, byte @Nullable []> replies = this.replies;
			if (replies != null) {
				// Replies go through the node's loop, as a gossip node's do.
				this.scheduler.execute(() -> {
					reply.send(replies.apply(text(request)));
					if (this.replyTwice) {
						reply.send(bytes("again"));
					}
				});
			}
		}

		@Override
		public Transport.Completeness streamComplete(byte[] received) {
			return this.completeness;
		}

	}

	/**
	 * How a stream ended, and when.
	 */
	private final class Outcome implements Transport.StreamCallback {

		@Nullable String reply;

		@Nullable Exception failure;

		@Nullable Duration at;

		int calls;

		@Override
		public void replied(byte[] reply) {
			this.calls++;
			this.reply = text(reply);
			this.at = SimulatedNetworkTests.this.simulation.now();
		}

		@Override
		public void failed(Exception cause) {
			this.calls++;
			this.failure = cause;
			this.at = SimulatedNetworkTests.this.simulation.now();
		}

	}

}
