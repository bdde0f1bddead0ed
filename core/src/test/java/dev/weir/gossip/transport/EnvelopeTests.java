package dev.weir.gossip.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.weir.gossip.crypto.Keyring;
import dev.weir.gossip.wire.Ack;
import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.Fixtures;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.Message;
import dev.weir.gossip.wire.Packets;
import dev.weir.gossip.wire.Ping;
import dev.weir.gossip.wire.PushPull;
import dev.weir.gossip.wire.Suspect;
import dev.weir.gossip.wire.UserMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EnvelopeTests {

	private static final Keyring RECORDED_KEY = Keyring
		.fromBase64(List.of("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));

	private static final Keyring OTHER_KEY = Keyring.of(List.of(new byte[16]));

	private final Envelope plain = new Envelope(null, true, new SplittableRandom(1));

	private final Envelope encrypted = new Envelope(RECORDED_KEY, true, new SplittableRandom(1));

	@Test
	void anEncryptedRecordedPingOpensWithTheRecordedKey() {
		Received received = open(this.encrypted, Fixtures.bytes("28-enc-udp-ping"));
		assertThat(received.messages).singleElement()
			.isInstanceOfSatisfying(Ping.class, (ping) -> assertThat(ping.node()).isEqualTo("alpha"));
	}

	@Test
	void anEncryptedRecordedUserEventOpensThroughItsCrc() {
		Received received = open(this.encrypted, Fixtures.bytes("29-enc-udp-crc-serf-user-event"));
		assertThat(received.messages).singleElement().isInstanceOf(UserMessage.class);
	}

	@Test
	void anEncryptedRecordedPushPullStreamOpensToTheJoinRequest() throws MalformedMessageException {
		Message message = this.encrypted.openStream(Fixtures.bytes("30-enc-tcp-pushpull-join-request"));
		assertThat(message).isInstanceOfSatisfying(PushPull.class, (pushPull) -> {
			assertThat(pushPull.join()).isTrue();
			assertThat(pushPull.nodes()).singleElement().satisfies((node) -> assertThat(node.name()).isEqualTo("gamma"));
		});
	}

	@Test
	void aRecordedPlainStreamOpensWithoutAKeyring() throws MalformedMessageException {
		assertThat(this.plain.openStream(Fixtures.bytes("22-tcp-ack-fallback"))).isEqualTo(new Ack(12, null));
	}

	@Test
	void aPacketWithAnotherKeyIsDroppedAsUndecryptable() {
		Envelope other = new Envelope(OTHER_KEY, true, new SplittableRandom(2));
		assertThat(open(other, Fixtures.bytes("28-enc-udp-ping")).drops).containsExactly(DropReason.UNDECRYPTABLE);
	}

	@Test
	void aPlainPacketIsDroppedWhenEncryptionIsRequired() {
		assertThat(open(this.encrypted, Fixtures.bytes("01-udp-ping")).drops).containsExactly(DropReason.UNDECRYPTABLE);
	}

	@Test
	void anEncryptedStreamIsRefusedWithoutAKeyring() {
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.plain.openStream(Fixtures.bytes("30-enc-tcp-pushpull-join-request")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.UNDECRYPTABLE));
	}

	@Test
	void aStreamReceivedInPartIsTruncatedUntilItIsWhole() {
		byte[] stream = Fixtures.bytes("30-enc-tcp-pushpull-join-request");
		for (int length : new int[] { 1, 4, 5, 100, stream.length - 1 }) {
			assertThatExceptionOfType(MalformedMessageException.class)
				.isThrownBy(() -> this.encrypted.openStream(Arrays.copyOf(stream, length)))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.TRUNCATED));
		}
	}

	@Test
	void aPlainStreamReceivedInPartIsTruncatedUntilItIsWhole() {
		byte[] stream = Fixtures.bytes("19-tcp-pushpull-join-request");
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> this.plain.openStream(Arrays.copyOf(stream, stream.length / 2)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.TRUNCATED));
	}

	@Test
	void sealedPacketsOpenToTheSameMessages() {
		Suspect suspect = new Suspect(3, "beta", "alpha");
		byte[] packet = this.encrypted.sealPacket(List.of(suspect.encode(), suspect.encode()), true);
		assertThat(open(this.encrypted, packet).messages).containsExactly(suspect, suspect);
	}

	@Test
	void aSealedStreamUserMessageCarriesItsLength() throws MalformedMessageException {
		byte[] stream = this.encrypted.sealStream(new UserMessage(new byte[] { 1, 2, 3 }));
		assertThat(this.encrypted.openStream(stream)).isInstanceOfSatisfying(UserMessage.class,
				(user) -> assertThat(user.payload()).containsExactly(1, 2, 3));
	}

	@Test
	void theCrcAndEncryptionOverheadIsAccountedFor() {
		assertThat(this.plain.packetOverhead(true)).isEqualTo(5);
		assertThat(this.encrypted.packetOverhead(true)).isEqualTo(34);
	}

	@Test
	void aLabelledPacketStartsWithItsLabelAndOpensInTheSameCluster() {
		Envelope labelled = new Envelope(RECORDED_KEY, true, new SplittableRandom(3), "prod");
		Suspect suspect = new Suspect(3, "beta", "alpha");
		byte[] packet = labelled.sealPacket(List.of(suspect.encode()), false);
		assertThat(packet).startsWith(244, 4, 'p', 'r', 'o', 'd');
		assertThat(open(labelled, packet).messages).containsExactly(suspect);
	}

	@Test
	void aPacketWithAnotherLabelIsDroppedAsWrongLabel() {
		Envelope prod = new Envelope(null, true, new SplittableRandom(3), "prod");
		Envelope staging = new Envelope(null, true, new SplittableRandom(4), "staging");
		byte[] packet = staging.sealPacket(List.of(new Suspect(3, "beta", "alpha").encode()), false);
		assertThat(open(prod, packet).drops).containsExactly(DropReason.WRONG_LABEL);
		assertThat(open(this.plain, packet).drops).containsExactly(DropReason.WRONG_LABEL);
	}

	@Test
	void anUnlabelledPacketIsDroppedByALabelledCluster() {
		Envelope prod = new Envelope(null, true, new SplittableRandom(3), "prod");
		assertThat(open(prod, Fixtures.bytes("01-udp-ping")).drops).containsExactly(DropReason.WRONG_LABEL);
	}

	@Test
	void theLabelIsAuthenticatedWithEncryption() {
		Envelope prod = new Envelope(RECORDED_KEY, true, new SplittableRandom(3), "prod");
		Envelope prad = new Envelope(RECORDED_KEY, true, new SplittableRandom(3), "prad");
		byte[] packet = prad.sealPacket(List.of(new Suspect(3, "beta", "alpha").encode()), false);
		packet[4] = 'o';
		assertThat(open(prod, packet).drops).containsExactly(DropReason.UNDECRYPTABLE);
	}

	@Test
	void aLabelledEncryptedStreamRoundTrips() throws MalformedMessageException {
		Envelope labelled = new Envelope(RECORDED_KEY, true, new SplittableRandom(3), "prod");
		byte[] stream = labelled.sealStream(new Ack(9, null));
		assertThat(labelled.openStream(stream)).isEqualTo(new Ack(9, null));
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.encrypted.openStream(stream))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.WRONG_LABEL));
	}

	private static Received open(Envelope envelope, byte[] packet) {
		Received received = new Received();
		envelope.openPacket(packet, received);
		return received;
	}

	static final class Received implements Packets.Receiver {

		final List<Message> messages = new ArrayList<>();

		final List<DropReason> drops = new ArrayList<>();

		@Override
		public void message(Message message) {
			this.messages.add(message);
		}

		@Override
		public void dropped(DropReason reason, String detail) {
			this.drops.add(reason);
		}

	}

}
