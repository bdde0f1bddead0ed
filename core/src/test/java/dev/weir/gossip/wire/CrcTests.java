package dev.weir.gossip.wire;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Crc}, against every recorded packet that carries the CRC header.
 */
class CrcTests {

	@ParameterizedTest
	@CsvSource({ "04-udp-crc-compound-alive-alive-join, cf1b85a0", "05-udp-crc-lzw-compound, 474b137f",
			"06-udp-crc-serf-join, aada2b16", "07-udp-crc-serf-user-event, a639cc5a",
			"08-udp-crc-serf-query, 874c45e3", "12-udp-crc-compound-ping-suspect, e980764e",
			"13-udp-crc-alive-refute, 2c6ba5e2", "14-udp-crc-serf-leave, 5b3e6095", "15-udp-crc-dead-left, 1d199db4",
			"17-udp-crc-suspect, caf3917f", "18-udp-crc-dead-failed, 03336683",
			"23-udp-crc-compound-two-user-events, 94946556", "24-udp-crc-alive-tags-update, 3b343345",
			"29-enc-udp-crc-serf-user-event.decrypted, a639cc5a" })
	void recordedPacketVerifies(String fixture, String crc) throws Exception {
		byte[] packet = Fixtures.bytes(fixture);
		assertThat(Crc.isWrapped(packet)).isTrue();
		assertThat(Crc.verify(packet)).isEqualTo(Crc.HEADER_LENGTH);
		assertThat(Crc.checksum(packet, 5, packet.length - 5)).isEqualTo(Integer.parseUnsignedInt(crc, 16));
	}

	@ParameterizedTest
	@ValueSource(strings = { "04-udp-crc-compound-alive-alive-join", "06-udp-crc-serf-join",
			"08-udp-crc-serf-query", "24-udp-crc-alive-tags-update" })
	void wrappingUnwrappedMessageGivesRecordedPacket(String fixture) throws Exception {
		byte[] packet = Fixtures.bytes(fixture);
		byte[] message = Crc.unwrap(packet);
		assertThat(message).isEqualTo(Arrays.copyOfRange(packet, 5, packet.length));
		assertThat(Crc.wrap(message)).isEqualTo(packet);
	}

	@Test
	void everyFlippedBitIsDetected() {
		byte[] packet = Fixtures.bytes("06-udp-crc-serf-join");
		for (int bit = 8; bit < packet.length * 8; bit++) {
			byte[] corrupt = packet.clone();
			corrupt[bit / 8] ^= (byte) (1 << (bit % 8));
			assertThatExceptionOfType(MalformedMessageException.class).as("bit %d", bit)
				.isThrownBy(() -> Crc.verify(corrupt))
				.extracting(MalformedMessageException::reason)
				.isEqualTo(DropReason.BAD_CRC);
		}
	}

	@Test
	void packetShorterThanHeaderIsTruncated() {
		byte[] packet = { 12, 0, 0, 0 };
		assertThat(Crc.isWrapped(packet)).isFalse();
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> Crc.unwrap(packet))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.TRUNCATED);
	}

	@Test
	void packetOfAnotherTypeIsNotWrapped() {
		byte[] packet = Fixtures.bytes("01-udp-ping");
		assertThat(Crc.isWrapped(packet)).isFalse();
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> Crc.verify(packet))
			.extracting(MalformedMessageException::reason)
			.isEqualTo(DropReason.MALFORMED);
	}

	@Test
	void emptyMessageWrapsToBareHeader() throws Exception {
		byte[] packet = Crc.wrap(new byte[0]);
		assertThat(packet).containsExactly(12, 0, 0, 0, 0);
		assertThat(Crc.unwrap(packet)).isEmpty();
	}

}
