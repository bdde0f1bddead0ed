package dev.weir.gossip.wire;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MsgpackTests {

	@Test
	void integersTakeTheSmallestUnsignedFormAsGoWritesThem() {
		assertThat(hex(new MsgpackWriter().integer(127))).isEqualTo("7f");
		assertThat(hex(new MsgpackWriter().integer(200))).isEqualTo("ccc8");
		assertThat(hex(new MsgpackWriter().integer(17902))).isEqualTo("cd45ee");
		assertThat(hex(new MsgpackWriter().integer(2_000_000_000))).isEqualTo("ce77359400");
		assertThat(hex(new MsgpackWriter().integer(1L << 40))).isEqualTo("cf0000010000000000");
		assertThat(hex(new MsgpackWriter().integer(-1))).isEqualTo("ff");
		assertThat(hex(new MsgpackWriter().integer(-33))).isEqualTo("d0df");
	}

	@Test
	void stringsOf32To255BytesUseStr16NeverStr8() {
		assertThat(hex(new MsgpackWriter().string("a".repeat(31)))).startsWith("bf");
		assertThat(hex(new MsgpackWriter().string("a".repeat(32)))).startsWith("da0020");
	}

	@Test
	void bytesAreRawStringsAndNullIsNil() {
		assertThat(hex(new MsgpackWriter().bytes(new byte[] { 127, 0, 0, 1 }))).isEqualTo("a47f000001");
		assertThat(hex(new MsgpackWriter().bytes(null))).isEqualTo("c0");
		assertThat(hex(new MsgpackWriter().bytes(new byte[0]))).isEqualTo("a0");
	}

	@Test
	void bytesAreAlsoReadFromTheBinFamily() throws MalformedMessageException {
		assertThat(reader("c4020102").bytes()).containsExactly(1, 2);
	}

	@Test
	void str8IsReadThoughNeverWritten() throws MalformedMessageException {
		assertThat(reader("d90161").string()).isEqualTo("a");
	}

	@Test
	void aMapHeaderClaimingMoreEntriesThanBytesIsTruncatedBeforeAnyAllocation() {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> reader("dfffffffff00").mapHeader())
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.TRUNCATED));
	}

	@Test
	void aStringLongerThanWhatIsLeftIsTruncated() {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> reader("db7fffffff41").string())
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.TRUNCATED));
	}

	@Test
	void aValueOfTheWrongTypeIsMalformed() {
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> reader("c3").string())
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.MALFORMED));
	}

	@Test
	void anUnsignedFieldRejectsValuesOutsideItsWidth() {
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> reader("ce00010000").unsigned(Fields.U16, "Port"))
			.withMessageContaining("Port");
	}

	@Test
	void skippingDeeplyNestedArraysStopsAtTheDepthLimit() {
		String nested = "91".repeat(100) + "00";
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> reader(nested).skip())
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.MALFORMED));
	}

	@Property(tries = 200)
	void everyIntegerReadsBackAsWritten(@ForAll long value) throws MalformedMessageException {
		assertThat(new MsgpackReader(new MsgpackWriter().integer(value).toByteArray()).integer()).isEqualTo(value);
	}

	@Property(tries = 200)
	void everyStringReadsBackAsWritten(@ForAll String value) throws MalformedMessageException {
		MsgpackReader reader = new MsgpackReader(new MsgpackWriter().string(value).toByteArray());
		assertThat(reader.string()).isEqualTo(new String(value.getBytes(StandardCharsets.UTF_8),
				StandardCharsets.UTF_8));
		reader.expectEnd();
	}

	@Property(tries = 200)
	void skipPassesOverExactlyOneValue(@ForAll long number, @ForAll String text, @ForAll boolean flag)
			throws MalformedMessageException {
		byte[] bytes = new MsgpackWriter().mapHeader(2)
			.string("a")
			.arrayHeader(3)
			.integer(number)
			.string(text)
			.bool(flag)
			.string("b")
			.float64(number)
			.integer(7)
			.toByteArray();
		MsgpackReader reader = new MsgpackReader(bytes);
		reader.skip();
		assertThat(reader.integer()).isEqualTo(7);
		reader.expectEnd();
	}

	private static MsgpackReader reader(String hex) {
		return new MsgpackReader(HexFormat.of().parseHex(hex));
	}

	private static String hex(MsgpackWriter writer) {
		return HexFormat.of().formatHex(writer.toByteArray());
	}

}
