package dev.weir.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import dev.weir.time.ManualClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the compare-and-set loops of every algorithm neither lose nor double-count permits
 * when many threads decide on one key at once. The clock is frozen, so exactly one limit's worth
 * may be granted.
 */
class RateLimiterConcurrencyTests {

	private static final int THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());

	private static final int ROUNDS = 3;

	private final ManualClock clock = new ManualClock(1_000_000);

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void threadsHammeringOneKeyAreGrantedExactlyTheLimit(Algorithm algorithm) throws InterruptedException {
		long limit = 5_000;
		int attemptsPerThread = 2_000;
		for (int round = 0; round < ROUNDS; round++) {
			RateLimiter limiter = limiter(algorithm, limit);
			LongAdder granted = new LongAdder();
			runConcurrently((thread) -> {
				for (int i = 0; i < attemptsPerThread; i++) {
					if (limiter.tryAcquire("hot").allowed()) {
						granted.increment();
					}
				}
			});
			long attempts = (long) THREADS * attemptsPerThread;
			assertThat(granted.sum()).as("round %d", round).isEqualTo(limit);
			assertThat(limiter.allowedCount()).isEqualTo(limit);
			assertThat(limiter.deniedCount()).isEqualTo(attempts - limit);
		}
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void threadsTakingSeveralPermitsAtOnceShareExactlyTheLimit(Algorithm algorithm) throws InterruptedException {
		long limit = 5_000;
		int attemptsPerThread = 1_500;
		for (int round = 0; round < ROUNDS; round++) {
			RateLimiter limiter = limiter(algorithm, limit);
			LongAdder grantedPermits = new LongAdder();
			int seed = round;
			runConcurrently((thread) -> {
				SplittableRandom random = new SplittableRandom(seed * 31L + thread);
				for (int i = 0; i < attemptsPerThread; i++) {
					long permits = 1 + random.nextInt(3);
					if (limiter.tryAcquire("hot", permits).allowed()) {
						grantedPermits.add(permits);
					}
				}
			});
			long leftOver = 0;
			while (limiter.tryAcquire("hot").allowed()) {
				leftOver++;
			}
			assertThat(grantedPermits.sum()).as("round %d", round).isLessThanOrEqualTo(limit);
			assertThat(grantedPermits.sum() + leftOver).as("round %d", round).isEqualTo(limit);
		}
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void threadsOnTheirOwnKeysEachGetTheWholeLimit(Algorithm algorithm) throws InterruptedException {
		long limit = 1_000;
		RateLimiter limiter = limiter(algorithm, limit);
		long[] granted = new long[THREADS];
		runConcurrently((thread) -> {
			for (int i = 0; i < 1_500; i++) {
				if (limiter.tryAcquire("key-" + thread).allowed()) {
					granted[thread]++;
				}
			}
		});
		assertThat(granted).containsOnly(limit);
	}

	private RateLimiter limiter(Algorithm algorithm, long limit) {
		return RateLimiters.local(LimitPolicy.of("concurrent", limit, Duration.ofSeconds(1), algorithm), this.clock);
	}

	/**
	 * Runs the task on every thread at once, released together by a latch to make them collide.
	 */
	private static void runConcurrently(ThreadTask task) throws InterruptedException {
		CountDownLatch ready = new CountDownLatch(THREADS);
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int index = t;
			Thread worker = new Thread(() -> {
				ready.countDown();
				try {
					go.await();
					task.run(index);
				}
				catch (Throwable ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			});
			worker.start();
			workers.add(worker);
		}
		ready.await();
		go.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		assertThat(failures).isEmpty();
	}

	@FunctionalInterface
	private interface ThreadTask {

		void run(int thread) throws Exception;

	}

}
