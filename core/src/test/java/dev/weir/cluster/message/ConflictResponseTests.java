package dev.weir.cluster.message;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.weir.gossip.wire.Versions;

import static org.assertj.core.api.Assertions.assertThat;

class ConflictResponseTests {

	@Test
	void noMemberIsEncodedAsNilAsGoEncodesANilPointer() {
		assertThat(new ConflictResponse(null).encode()).containsExactly(0x06, 0xc0);
	}

	@Test
	void aMemberIsEncodedAsSerfsMemberStructWithItsFieldsInByteOrder() {
		ConflictResponse.Member member = new ConflictResponse.Member("web-1", new byte[] { 127, 0, 0, 1 }, 7946,
				Map.of(), 1, Versions.WEIR);
		byte[] bytes = new ConflictResponse(member).encode();
		assertThat(bytes).startsWith(0x06, 0x8b, 0xa4, 'A', 'd', 'd', 'r', 0xa4, 127, 0, 0, 1, 0xab, 'D', 'e', 'l', 'e',
				'g', 'a', 't', 'e', 'C', 'u', 'r', 0x05);
		assertThat(bytes).endsWith(0xa6, 'S', 't', 'a', 't', 'u', 's', 0x01, 0xa4, 'T', 'a', 'g', 's', 0x80);
	}

	@Test
	void aMemberSurvivesARoundTrip() throws Exception {
		ConflictResponse response = new ConflictResponse(new ConflictResponse.Member("web-1",
				new byte[] { 10, 0, 0, 7 }, 17946, Map.of("role", "web"), 4, new Versions(1, 5, 2, 2, 5, 4)));
		assertThat(SerfMessages.decode(response.encode())).isEqualTo(response);
	}

}
