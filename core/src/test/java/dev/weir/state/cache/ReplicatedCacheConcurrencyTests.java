package dev.weir.state.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that application threads writing a {@link ReplicatedCache} while the sync thread drains
 * it lose no write: every key's last value reaches the other replica.
 */
class ReplicatedCacheConcurrencyTests {

	private static final int WRITERS = 4;

	private static final int KEYS_PER_WRITER = 50;

	private static final int ROUNDS = 200;

	private final ManualClock clock = new ManualClock(1_700_000_000_000L);

	@Test
	void concurrentPutsWhileDrainingLoseNoFinalValue() throws Exception {
		ReplicatedCache writer = replica("writer");
		ReplicatedCache reader = replica("reader");
		CountDownLatch start = new CountDownLatch(1);
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < WRITERS; t++) {
				int thread = t;
				writers.add(threads.submit(() -> {
					start.await();
					for (int round = 0; round < ROUNDS; round++) {
						for (int k = 0; k < KEYS_PER_WRITER; k++) {
							writer.put("t" + thread + "-k" + k, bytes("r" + round));
							writer.put("shared-k" + k, bytes("t" + thread + "-r" + round));
						}
					}
					return null;
				}));
			}
			Future<?> drainer = threads.submit(() -> {
				start.await();
				boolean more = true;
				while (more) {
					more = writing.get();
					for (byte[] delta : writer.drainDeltas(1400)) {
						reader.mergeDelta(delta);
					}
				}
				return null;
			});
			start.countDown();
			for (Future<?> future : writers) {
				future.get();
			}
			writing.set(false);
			drainer.get();
		}
		finally {
			threads.shutdownNow();
		}
		for (int t = 0; t < WRITERS; t++) {
			for (int k = 0; k < KEYS_PER_WRITER; k++) {
				assertThat(reader.get("t" + t + "-k" + k)).hasValueSatisfying(
						(value) -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("r" + (ROUNDS - 1)));
			}
		}
		assertThat(reader.entries()).isEqualTo(writer.entries());
		assertThat(writer.snapshotOnlyCount()).isZero();
	}

	private ReplicatedCache replica(String node) {
		return new ReplicatedCache(CacheConfig.of("c", Duration.ofHours(1)), node, this.clock);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
