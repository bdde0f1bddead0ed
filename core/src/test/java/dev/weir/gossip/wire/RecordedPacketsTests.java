package dev.weir.gossip.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packets and streams recorded from real serf agents (see the fixtures' README): each decodes
 * to the values the agents sent, and encoding those values gives the same bytes.
 */
class RecordedPacketsTests {

	private static final int MAX = 1 << 20;

	private static final byte[] LOCALHOST = { 127, 0, 0, 1 };

	private static final byte[] BETA_TAGS = HexFormat.of().parseHex("ff82a4726f6c65a3776562a26463a36c6162");

	private static final byte[] NO_TAGS = { (byte) 0xff, (byte) 0x80 };

	@ParameterizedTest
	@ValueSource(strings = { "01-udp-ping", "02-udp-ack-lzw", "03-udp-ack-coordinate",
			"04-udp-crc-compound-alive-alive-join", "05-udp-crc-lzw-compound", "06-udp-crc-serf-join",
			"07-udp-crc-serf-user-event", "08-udp-crc-serf-query", "09-udp-serf-query-ack", "10-udp-indirect-ping",
			"11-udp-nack", "12-udp-crc-compound-ping-suspect", "13-udp-crc-alive-refute", "14-udp-crc-serf-leave",
			"15-udp-crc-dead-left", "16-udp-compound-ping-dead", "17-udp-crc-suspect", "18-udp-crc-dead-failed",
			"19-tcp-pushpull-join-request", "20-tcp-pushpull-join-response", "21-tcp-ping-fallback",
			"22-tcp-ack-fallback", "23-udp-crc-compound-two-user-events", "24-udp-crc-alive-tags-update",
			"25-udp-compound-ack-leave", "26-tcp-pushpull-join-response-with-events", "27-tcp-pushpull-periodic" })
	void everyRecordedMessageReencodesToTheSameBytes(String fixture) throws MalformedMessageException {
		byte[] wire = Fixtures.bytes(fixture);
		assertThat(reencode(wire)).isEqualTo(wire);
	}

	@Test
	void aProbePingCarriesItsTargetAndSource() {
		assertThat(single("01-udp-ping")).isInstanceOfSatisfying(Ping.class, (ping) -> {
			assertThat(ping.seqNo()).isEqualTo(1);
			assertThat(ping.node()).isEqualTo("alpha");
			assertThat(ping.sourceAddr()).isEqualTo(LOCALHOST);
			assertThat(ping.sourceNode()).isEqualTo("beta");
			assertThat(ping.sourcePort()).isEqualTo(17902);
		});
	}

	@Test
	void aCompressedAckExpandsToTheAckWithSerfCoordinates() throws MalformedMessageException {
		assertThat(single("02-udp-ack-lzw")).isInstanceOfSatisfying(Ack.class, (ack) -> {
			assertThat(ack.seqNo()).isEqualTo(1);
			assertThat(ack.payload()).hasSize(130).startsWith(1);
		});
		assertThat(Packets.compressIfShorter(Fixtures.bytes("02-udp-ack-lzw.plain")))
			.isEqualTo(Fixtures.bytes("02-udp-ack-lzw"));
	}

	@Test
	void aJoinGossipCompoundHoldsBothAlivesAndTheSerfJoinIntent() {
		List<Message> messages = all("04-udp-crc-compound-alive-alive-join");
		assertThat(messages).hasSize(3);
		assertThat(messages.get(0)).isInstanceOfSatisfying(Alive.class, (alive) -> {
			assertThat(alive.node()).isEqualTo("beta");
			assertThat(alive.incarnation()).isEqualTo(1);
			assertThat(alive.addr()).isEqualTo(LOCALHOST);
			assertThat(alive.port()).isEqualTo(17902);
			assertThat(alive.meta()).isEqualTo(BETA_TAGS);
			assertThat(alive.versions()).isEqualTo(Versions.WEIR);
		});
		assertThat(messages.get(1)).isInstanceOfSatisfying(Alive.class, (alive) -> {
			assertThat(alive.node()).isEqualTo("alpha");
			assertThat(alive.meta()).isEqualTo(NO_TAGS);
		});
		assertThat(messages.get(2)).isInstanceOfSatisfying(UserMessage.class,
				(user) -> assertThat(user.payload()).startsWith(1));
	}

	@Test
	void anIndirectPingAsksForANack() {
		assertThat(single("10-udp-indirect-ping")).isInstanceOfSatisfying(IndirectPing.class, (ping) -> {
			assertThat(ping.nack()).isTrue();
			assertThat(ping.node()).isEqualTo("beta");
			assertThat(ping.target()).isEqualTo(LOCALHOST);
			assertThat(ping.port()).isEqualTo(17902);
			assertThat(ping.seqNo()).isEqualTo(12);
			assertThat(ping.sourceNode()).isEqualTo("gamma");
			assertThat(ping.sourcePort()).isEqualTo(17903);
		});
		assertThat(single("11-udp-nack")).isEqualTo(new Nack(12));
	}

	@Test
	void aSuspectNodeIsProbedWithTheSuspicionAttached() {
		List<Message> messages = all("12-udp-crc-compound-ping-suspect");
		assertThat(messages).hasSize(2);
		assertThat(messages.get(0)).isInstanceOf(Ping.class);
		assertThat(messages.get(1)).isEqualTo(new Suspect(1, "beta", "gamma"));
	}

	@Test
	void aDeadMessageFromTheNodeItselfIsALeave() {
		Dead left = (Dead) single("15-udp-crc-dead-left");
		assertThat(left).isEqualTo(new Dead(1, "gamma", "gamma"));
		assertThat(left.isLeave()).isTrue();
		Dead failed = (Dead) single("18-udp-crc-dead-failed");
		assertThat(failed).isEqualTo(new Dead(2, "beta", "alpha"));
		assertThat(failed.isLeave()).isFalse();
	}

	@Test
	void aRefutationIsAnAliveWithAHigherIncarnation() {
		assertThat(single("13-udp-crc-alive-refute")).isInstanceOfSatisfying(Alive.class,
				(alive) -> assertThat(alive.incarnation()).isEqualTo(2));
		assertThat(single("17-udp-crc-suspect")).isEqualTo(new Suspect(2, "beta", "alpha"));
	}

	@Test
	void aJoinPushPullCarriesTheJoinerAndSerfState() {
		assertThat(single("19-tcp-pushpull-join-request")).isInstanceOfSatisfying(PushPull.class, (pushPull) -> {
			assertThat(pushPull.join()).isTrue();
			assertThat(pushPull.nodes()).singleElement().satisfies((node) -> {
				assertThat(node.name()).isEqualTo("gamma");
				assertThat(node.port()).isEqualTo(17903);
				assertThat(node.state()).isEqualTo(NodeState.ALIVE);
				assertThat(node.incarnation()).isEqualTo(1);
				assertThat(node.meta()).isEqualTo(NO_TAGS);
				assertThat(node.versions()).isEqualTo(Versions.WEIR);
			});
			assertThat(pushPull.userState()).hasSize(589).startsWith(2);
		});
	}

	@Test
	void aPeriodicPushPullIsNotAJoinAndListsEveryNode() {
		assertThat(single("27-tcp-pushpull-periodic")).isInstanceOfSatisfying(PushPull.class, (pushPull) -> {
			assertThat(pushPull.join()).isFalse();
			assertThat(pushPull.nodes()).extracting(PushNodeState::name).containsExactly("gamma", "beta", "alpha");
			assertThat(pushPull.nodes().get(0).incarnation()).isEqualTo(2);
			assertThat(pushPull.userState()).hasSize(671);
		});
	}

	@Test
	void aStreamIsCompressedEvenWhenThatMakesItLonger() throws MalformedMessageException {
		byte[] plain = Fixtures.bytes("22-tcp-ack-fallback.plain");
		assertThat(Packets.decodeMessage(plain, 0, plain.length)).isInstanceOfSatisfying(Ack.class, (ack) -> {
			assertThat(ack.seqNo()).isEqualTo(12);
			assertThat(ack.payload()).isNull();
		});
		assertThat(Packets.compress(plain)).isEqualTo(Fixtures.bytes("22-tcp-ack-fallback")).hasSizeGreaterThan(plain.length);
	}

	@Test
	void aPiggybackedCompoundMayHaveNoCrc() {
		List<Message> messages = all("25-udp-compound-ack-leave");
		assertThat(messages).hasSize(2);
		assertThat(messages.get(0)).isInstanceOfSatisfying(Ack.class, (ack) -> assertThat(ack.seqNo()).isEqualTo(39));
		assertThat(messages.get(1)).isInstanceOf(UserMessage.class);
	}

	private static Message single(String fixture) {
		List<Message> messages = all(fixture);
		assertThat(messages).hasSize(1);
		return messages.get(0);
	}

	private static List<Message> all(String fixture) {
		List<Message> messages = new ArrayList<>();
		Packets.decode(Fixtures.bytes(fixture), MAX, new Packets.Receiver() {

			@Override
			public void message(Message message) {
				messages.add(message);
			}

			@Override
			public void dropped(DropReason reason, String detail) {
				throw new AssertionError(reason + ": " + detail);
			}

		});
		return messages;
	}

	/**
	 * Takes a message apart layer by layer and puts it back together with Weir's encoders.
	 */
	private static byte[] reencode(byte[] bytes) throws MalformedMessageException {
		int type = bytes[0] & 0xff;
		if (type == MessageType.HAS_CRC.code()) {
			return Packets.withCrc(reencode(Arrays.copyOfRange(bytes, Packets.CRC_HEADER, bytes.length)));
		}
		if (type == MessageType.COMPRESS.code()) {
			return Packets.compress(reencode(Packets.decompress(bytes, 1, bytes.length - 1, MAX)));
		}
		if (type == MessageType.COMPOUND.code()) {
			int count = bytes[1] & 0xff;
			List<byte[]> parts = new ArrayList<>();
			int offset = 2 + 2 * count;
			for (int i = 0; i < count; i++) {
				int length = ((bytes[2 + 2 * i] & 0xff) << 8) | (bytes[3 + 2 * i] & 0xff);
				parts.add(reencode(Arrays.copyOfRange(bytes, offset, offset + length)));
				offset += length;
			}
			return Packets.compound(parts);
		}
		return Packets.decodeMessage(bytes, 0, bytes.length).encode();
	}

}
