package dev.weir.gossip.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacketsTests {

	private static final int MAX = 1 << 20;

	private final Ping ping = new Ping(7, "alpha", new byte[] { 10, 0, 0, 1 }, 7946, "beta");

	private final Suspect suspect = new Suspect(3, "gamma", "beta");

	@Test
	void aCompoundDeliversItsPartsInOrder() {
		Received received = decode(Packets.compound(List.of(this.ping.encode(), this.suspect.encode())));
		assertThat(received.messages).hasSize(2);
		assertThat(received.messages.get(1)).isEqualTo(this.suspect);
		assertThat(received.drops).isEmpty();
	}

	@Test
	void aCutShortCompoundDeliversThePartsBeforeTheCutAndCountsTheRest() {
		byte[] compound = Packets.compound(List.of(this.suspect.encode(), this.ping.encode()));
		Received received = decode(Arrays.copyOf(compound, compound.length - 3));
		assertThat(received.messages).containsExactly(this.suspect);
		assertThat(received.drops).containsExactly(DropReason.TRUNCATED);
	}

	@Test
	void aCrcMismatchDropsThePacket() {
		byte[] packet = Packets.withCrc(this.suspect.encode());
		packet[packet.length - 1] ^= 1;
		assertThat(decode(packet).drops).containsExactly(DropReason.BAD_CRC);
	}

	@Test
	void aCompressedCompoundWithCrcIsUnwrappedLayerByLayer() {
		byte[] packet = Packets
			.withCrc(Packets.compress(Packets.compound(List.of(this.suspect.encode(), this.suspect.encode()))));
		assertThat(decode(packet).messages).containsExactly(this.suspect, this.suspect);
	}

	@Test
	void anUnknownTypeIsCountedAsSuch() {
		assertThat(decode(new byte[] { 99, (byte) 0x80 }).drops).containsExactly(DropReason.UNKNOWN_TYPE);
	}

	@Test
	void aLabelIsUnknownToAPeerWithoutLabels() {
		assertThat(decode(HexFormat.of().parseHex("f4036162630080")).drops).containsExactly(DropReason.UNKNOWN_TYPE);
	}

	@Test
	void trailingBytesAfterABodyMakeItMalformed() {
		byte[] encoded = this.suspect.encode();
		byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
		assertThat(decode(longer).drops).containsExactly(DropReason.MALFORMED);
	}

	@Test
	void anUnknownCompressionAlgorithmIsCounted() {
		byte[] message = new MsgpackWriter().rawByte(9)
			.mapHeader(2)
			.string("Algo")
			.integer(1)
			.string("Buf")
			.bytes(new byte[] { 1 })
			.toByteArray();
		assertThat(decode(message).drops).containsExactly(DropReason.BAD_COMPRESSION);
	}

	@Test
	void compressionThatExpandsPastTheLimitIsOversized() {
		byte[] big = new UserMessage(new byte[100_000]).encode();
		List<DropReason> drops = new ArrayList<>();
		Packets.decode(Packets.compress(big), 10_000, new Collector(new ArrayList<>(), drops));
		assertThat(drops).containsExactly(DropReason.OVERSIZED);
	}

	@Test
	void manyCompressedPartsShareOneExpansionBudget() {
		byte[] part = Packets.compress(new UserMessage(new byte[60_000]).encode());
		List<Message> messages = new ArrayList<>();
		List<DropReason> drops = new ArrayList<>();
		Packets.decode(Packets.compound(Collections.nCopies(34, part)), 100_000,
				new Collector(messages, drops));
		assertThat(messages).hasSize(1);
		assertThat(drops).hasSize(33).containsOnly(DropReason.OVERSIZED);
	}

	@Test
	void compressionNestedInsideItselfStopsAtTheNestingLimit() {
		byte[] message = this.suspect.encode();
		for (int i = 0; i < 10; i++) {
			message = Packets.compress(message);
		}
		assertThat(decode(message).drops).containsExactly(DropReason.MALFORMED);
	}

	@Test
	void anEmptyPacketIsTruncated() {
		assertThat(decode(new byte[0]).drops).containsExactly(DropReason.TRUNCATED);
	}

	@Test
	void aUserMessageCarriesTheRestOfThePacket() {
		assertThat(decode(new byte[] { 8, 3, 1, 2 }).messages).singleElement()
			.isInstanceOfSatisfying(UserMessage.class, (user) -> assertThat(user.payload()).containsExactly(3, 1, 2));
	}

	@Property(tries = 300)
	void noInputEverThrows(@ForAll byte[] packet) {
		decode(packet);
	}

	@Property(tries = 300)
	void noMutationOfAValidPacketEverThrows(@ForAll int position, @ForAll byte value) {
		byte[] packet = Packets.withCrc(Packets.compound(List.of(this.ping.encode(), this.suspect.encode())));
		packet[Math.floorMod(position, packet.length)] = value;
		decode(packet);
	}

	private static Received decode(byte[] packet) {
		Received received = new Received();
		Packets.decode(packet, MAX, new Collector(received.messages, received.drops));
		return received;
	}

	static final class Received {

		final List<Message> messages = new ArrayList<>();

		final List<DropReason> drops = new ArrayList<>();

	}

	record Collector(List<Message> messages, List<DropReason> drops) implements Packets.Receiver {

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
