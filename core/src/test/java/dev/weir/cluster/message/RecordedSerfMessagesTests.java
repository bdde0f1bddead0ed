package dev.weir.cluster.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.Fixtures;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.Message;
import dev.weir.gossip.wire.Packets;
import dev.weir.gossip.wire.PushPull;
import dev.weir.gossip.wire.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Serf messages recorded from real agents decode to the values they sent and encode back to the
 * same bytes.
 */
class RecordedSerfMessagesTests {

	private static final byte[] LOCALHOST = { 127, 0, 0, 1 };

	@ParameterizedTest
	@ValueSource(strings = { "04-udp-crc-compound-alive-alive-join", "05-udp-crc-lzw-compound", "06-udp-crc-serf-join",
			"07-udp-crc-serf-user-event", "08-udp-crc-serf-query", "09-udp-serf-query-ack", "14-udp-crc-serf-leave",
			"23-udp-crc-compound-two-user-events", "25-udp-compound-ack-leave", "19-tcp-pushpull-join-request",
			"20-tcp-pushpull-join-response", "26-tcp-pushpull-join-response-with-events", "27-tcp-pushpull-periodic" })
	void everyRecordedSerfMessageReencodesToTheSameBytes(String fixture) throws MalformedMessageException {
		List<byte[]> serf = serfMessages(fixture);
		assertThat(serf).isNotEmpty();
		for (byte[] bytes : serf) {
			assertThat(SerfMessages.decode(bytes).encode()).isEqualTo(bytes);
		}
	}

	@Test
	void aJoinIntentCarriesTheMemberClock() throws MalformedMessageException {
		assertThat(single("06-udp-crc-serf-join")).isEqualTo(new JoinIntent(1, "beta"));
	}

	@Test
	void aLeaveIntentIsNotAPrune() throws MalformedMessageException {
		assertThat(single("14-udp-crc-serf-leave")).isEqualTo(new LeaveIntent(3, "gamma", false));
	}

	@Test
	void aUserEventCarriesItsNamePayloadAndCoalesceFlag() throws MalformedMessageException {
		assertThat(single("07-udp-crc-serf-user-event")).isInstanceOfSatisfying(UserEvent.class, (event) -> {
			assertThat(event.lamportTime()).isEqualTo(1);
			assertThat(event.name()).isEqualTo("deploy");
			assertThat(event.payload()).asString().isEqualTo("v1.2.3");
			assertThat(event.coalesce()).isTrue();
		});
	}

	@Test
	void twoDifferentEventsMayShareALamportTime() throws MalformedMessageException {
		List<byte[]> messages = serfMessages("23-udp-crc-compound-two-user-events");
		UserEvent deploy = (UserEvent) SerfMessages.decode(messages.get(0));
		UserEvent restart = (UserEvent) SerfMessages.decode(messages.get(1));
		assertThat(deploy.lamportTime()).isEqualTo(restart.lamportTime()).isEqualTo(1);
		assertThat(restart.coalesce()).isFalse();
	}

	@Test
	void aQueryCarriesWhereToAnswerAndItsTimeout() throws MalformedMessageException {
		assertThat(single("08-udp-crc-serf-query")).isInstanceOfSatisfying(Query.class, (query) -> {
			assertThat(query.addr()).isEqualTo(LOCALHOST);
			assertThat(query.port()).isEqualTo(17903);
			assertThat(query.sourceNode()).isEqualTo("gamma");
			assertThat(query.id()).isEqualTo(845678239L);
			assertThat(query.flags()).isEqualTo(Query.ACK);
			assertThat(query.filters()).isNull();
			assertThat(query.timeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(query.name()).isEqualTo("whoami");
			assertThat(query.payload()).asString().isEqualTo("hello");
		});
	}

	@Test
	void aQueryAckHasNoPayload() throws MalformedMessageException {
		assertThat(single("09-udp-serf-query-ack")).isInstanceOfSatisfying(QueryResponse.class, (response) -> {
			assertThat(response.isAck()).isTrue();
			assertThat(response.from()).isEqualTo("beta");
			assertThat(response.id()).isEqualTo(845678239L);
			assertThat(response.payload()).isNull();
		});
	}

	@Test
	void aJoinersPushPullStateHasAnEmptyBufferOf512Slots() throws MalformedMessageException {
		SerfPushPull state = (SerfPushPull) single("19-tcp-pushpull-join-request");
		assertThat(state.events()).hasSize(512).containsOnlyNulls();
		assertThat(state.statusLamportTimes()).containsExactly(Map.entry("gamma", 0L));
		assertThat(state.leftMembers()).isEmpty();
		assertThat(state.lamportTime()).isEqualTo(1);
	}

	@Test
	void aPushPullStateReplaysTheBufferedEvents() throws MalformedMessageException {
		SerfPushPull state = (SerfPushPull) single("26-tcp-pushpull-join-response-with-events");
		assertThat(state.eventLamportTime()).isEqualTo(2);
		assertThat(state.events().get(1)).isNotNull().satisfies((slot) -> {
			assertThat(slot.lamportTime()).isEqualTo(1);
			assertThat(slot.events()).extracting(SerfPushPull.Event::name).containsExactly("restart", "deploy");
		});
		assertThat(state.events().stream().filter((slot) -> slot != null)).hasSize(1);
	}

	@Test
	void tagsAreAMarkedMapInTheMeta() throws MalformedMessageException {
		byte[] beta = HexFormat.of().parseHex("ff82a4726f6c65a3776562a26463a36c6162");
		assertThat(Tags.decode(beta)).containsExactly(Map.entry("role", "web"), Map.entry("dc", "lab"));
		assertThat(Tags.encode(Map.of())).containsExactly(0xff, 0x80);
		assertThat(Tags.encode(Tags.decode(beta))).isEqualTo(beta);
	}

	@Test
	void metaWithoutTheMarkIsAnOldPeersRole() throws MalformedMessageException {
		assertThat(Tags.decode("web".getBytes())).containsExactly(Map.entry("role", "web"));
	}

	@Test
	void tagsThatDoNotFitTheMetaAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Tags.encode(Map.of("big", "x".repeat(600))));
	}

	@Test
	void anUnknownSerfTypeIsCountedAsSuch() {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> SerfMessages.decode(new byte[] { 42 }))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.UNKNOWN_TYPE));
	}

	private static SerfMessage single(String fixture) throws MalformedMessageException {
		List<byte[]> messages = serfMessages(fixture);
		assertThat(messages).hasSize(1);
		return SerfMessages.decode(messages.get(0));
	}

	/**
	 * The serf messages in a recorded packet or stream: user messages' payloads and push-pull
	 * user state.
	 */
	private static List<byte[]> serfMessages(String fixture) {
		List<byte[]> serf = new ArrayList<>();
		Packets.decode(Fixtures.bytes(fixture), 1 << 20, new Packets.Receiver() {

			@Override
			public void message(Message message) {
				if (message instanceof UserMessage user) {
					serf.add(user.payload());
				}
				else if (message instanceof PushPull pushPull && pushPull.userState().length > 0) {
					serf.add(pushPull.userState());
				}
			}

			@Override
			public void dropped(DropReason reason, String detail) {
				throw new AssertionError(reason + ": " + detail);
			}

		});
		return serf;
	}

}
