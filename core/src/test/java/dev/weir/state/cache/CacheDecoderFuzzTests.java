package dev.weir.state.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz tests of the cache's decoder, which reads deltas and snapshots from other nodes: bad
 * bytes throw {@link MalformedMessageException} and change nothing, and whatever is accepted is
 * idempotent. A plain {@code ./mvnw verify} runs each test on the empty input and on the seeds in
 * {@code src/test/resources/dev/weir/state/cache/CacheDecoderFuzzTestsInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes one method, as for {@code DecoderFuzzTests}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CacheDecoderFuzzTests {

	@FuzzTest(maxDuration = "2m")
	void mergeThrowsOnlyMalformedChangesNothingThenAndIsIdempotent(byte[] input) throws Exception {
		ReplicatedCache cache = new ReplicatedCache(CacheConfig.of("c", Duration.ofHours(1)), "local",
				new ManualClock(1_700_000_000_000L));
		cache.put("k", new byte[] { 1 });
		cache.evict("gone");
		Map<String, CacheEntry> before = cache.entries();
		try {
			cache.mergeDelta(input);
		}
		catch (MalformedMessageException ex) {
			assertThat(cache.entries()).isEqualTo(before);
			return;
		}
		Map<String, CacheEntry> merged = cache.entries();
		assertThat(cache.mergeDelta(input)).as("merged twice").isFalse();
		cache.mergeSnapshot(input);
		assertThat(cache.entries()).isEqualTo(merged);
	}

}
