package dev.weir.gossip;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GossipConfigTests {

	@Test
	void theLanProfileHasMemberlistsDefaults() {
		GossipConfig lan = GossipConfig.of("a", Profile.LAN);
		assertThat(lan.probeInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(lan.probeTimeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(lan.gossipInterval()).isEqualTo(Duration.ofMillis(200));
		assertThat(lan.suspicionMult()).isEqualTo(4);
		assertThat(lan.retransmitMult()).isEqualTo(4);
		assertThat(lan.pushPullInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(lan.udpBufferSize()).isEqualTo(1400);
		assertThat(lan.compression()).isTrue();
	}

	@Test
	void theWanProfileProbesMorePatiently() {
		GossipConfig wan = GossipConfig.of("a", Profile.WAN);
		assertThat(wan.probeInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(wan.probeTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(wan.suspicionMult()).isEqualTo(6);
	}

	@Test
	void pushPullIsNotScaledUpTo32Members() {
		assertThat(GossipConfig.of("a", Profile.LAN).pushPullInterval(32)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void pushPullSlowsByOneIntervalEachTimeTheClusterDoublesPast32() {
		GossipConfig lan = GossipConfig.of("a", Profile.LAN);
		assertThat(lan.pushPullInterval(33)).isEqualTo(Duration.ofSeconds(60));
		assertThat(lan.pushPullInterval(64)).isEqualTo(Duration.ofSeconds(60));
		assertThat(lan.pushPullInterval(65)).isEqualTo(Duration.ofSeconds(90));
		assertThat(lan.pushPullInterval(500)).isEqualTo(Duration.ofSeconds(150));
	}

	@Test
	void aNodeNeedsAName() {
		assertThatIllegalArgumentException().isThrownBy(() -> GossipConfig.of("", Profile.LAN));
	}

}
