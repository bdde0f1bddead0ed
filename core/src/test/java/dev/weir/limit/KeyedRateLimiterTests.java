package dev.weir.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.weir.time.Clock;
import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for what every in-memory algorithm shares: the bound on the key table, which keys it
 * forgets first, and the counts of decisions.
 */
class KeyedRateLimiterTests {

	private final ManualClock clock = new ManualClock(1_000_000);

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void keyCountNeverExceedsMaxKeys(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 5, 50);
		int distinctKeys = 5_000;
		for (int i = 0; i < distinctKeys; i++) {
			assertThat(limiter.tryAcquire("key-" + i).allowed()).isTrue();
			assertThat(limiter.keyCount()).isLessThanOrEqualTo(50);
		}
		assertThat(limiter.evictedKeys()).isEqualTo(distinctKeys - limiter.keyCount()).isPositive();
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void newKeyAtTheBoundForgetsATenthOfTheLiveKeys(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 5, 100);
		for (int i = 0; i < 100; i++) {
			limiter.tryAcquire("key-" + i);
		}
		assertThat(limiter.keyCount()).isEqualTo(100);
		assertThat(limiter.evictedKeys()).isZero();
		limiter.tryAcquire("one-too-many");
		assertThat(limiter.evictedKeys()).isEqualTo(10);
		assertThat(limiter.keyCount()).isEqualTo(91);
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void knownKeyAtTheBoundForgetsNothing(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 5, 3);
		limiter.tryAcquire("a");
		limiter.tryAcquire("b");
		limiter.tryAcquire("c");
		limiter.tryAcquire("a");
		assertThat(limiter.keyCount()).isEqualTo(3);
		assertThat(limiter.evictedKeys()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void expiredKeysAreForgottenBeforeLiveOnes(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 5, 10);
		for (int i = 0; i < 5; i++) {
			limiter.tryAcquire("old-" + i);
		}
		this.clock.advance(Duration.ofSeconds(3));
		for (int i = 0; i < 5; i++) {
			limiter.tryAcquire("live-" + i, 5);
		}
		limiter.tryAcquire("new");
		assertThat(limiter.keyCount()).isEqualTo(6);
		assertThat(limiter.evictedKeys()).isZero();
		for (int i = 0; i < 5; i++) {
			assertThat(limiter.tryAcquire("live-" + i).allowed()).as("live-%d is remembered", i).isFalse();
		}
	}

	@Test
	void liveKeysThatExpireSoonestAreForgottenFirst() {
		RateLimiter limiter = limiter(Algorithm.TOKEN_BUCKET, 10, 10);
		for (int i = 0; i < 10; i++) {
			// key-i is full again after (i + 1) × 100ms.
			limiter.tryAcquire("key-" + i, i + 1);
		}
		limiter.tryAcquire("new");
		assertThat(limiter.evictedKeys()).isEqualTo(1);
		assertThat(limiter.tryAcquire("key-1").remaining()).as("key-1 is remembered").isEqualTo(7);
		assertThat(limiter.tryAcquire("key-9").allowed()).as("key-9 is remembered").isFalse();
		assertThat(limiter.tryAcquire("key-0").remaining()).as("key-0 was forgotten").isEqualTo(9);
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void forgottenLiveKeyStartsAfresh(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 5, 1);
		limiter.tryAcquire("a", 5);
		limiter.tryAcquire("b");
		assertThat(limiter.keyCount()).isEqualTo(1);
		assertThat(limiter.evictedKeys()).isEqualTo(1);
		assertThat(limiter.tryAcquire("a").allowed()).isTrue();
		assertThat(limiter.evictedKeys()).isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void manyDistinctKeysStayWithinTheBound(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 5, 1_000);
		for (int i = 0; i < 100_000; i++) {
			limiter.tryAcquire(Integer.toString(i));
			if (i % 1_000 == 0) {
				this.clock.advanceNanos(7_000_000);
			}
		}
		assertThat(limiter.keyCount()).isLessThanOrEqualTo(1_000);
		assertThat(limiter.allowedCount()).isEqualTo(100_000);
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void concurrentNewKeysStayWithinTheBoundOnceTheyStop(Algorithm algorithm) throws InterruptedException {
		RateLimiter limiter = limiter(algorithm, 5, 1_000);
		int threads = 8;
		int keysPerThread = 20_000;
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			String prefix = "t" + t + "-";
			workers.add(start(() -> {
				await(start);
				for (int i = 0; i < keysPerThread; i++) {
					limiter.tryAcquire(prefix + i);
				}
			}));
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		limiter.tryAcquire("after");
		assertThat(limiter.keyCount()).isLessThanOrEqualTo(1_000);
		assertThat(limiter.allowedCount()).isEqualTo(threads * keysPerThread + 1);
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void countsAllowedAndDeniedDecisions(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 3, 10);
		limiter.tryAcquire("k", 2);
		limiter.tryAcquire("k", 1);
		limiter.tryAcquire("k", 1);
		limiter.tryAcquire("k", 2);
		limiter.tryAcquire("other", 3);
		assertThat(limiter.allowedCount()).isEqualTo(3);
		assertThat(limiter.deniedCount()).isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void rejectedPermitsAreNeitherCountedNorRemembered(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 3, 10);
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 4));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire("k", 0));
		assertThat(limiter.allowedCount()).isZero();
		assertThat(limiter.deniedCount()).isZero();
		assertThat(limiter.keyCount()).isZero();
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void newLimiterHasNoKeysNorDecisions(Algorithm algorithm) {
		RateLimiter limiter = limiter(algorithm, 3, 10);
		assertThat(limiter.keyCount()).isZero();
		assertThat(limiter.evictedKeys()).isZero();
		assertThat(limiter.allowedCount()).isZero();
		assertThat(limiter.deniedCount()).isZero();
	}

	@Test
	void toStringNamesTheAlgorithmAndThePolicy() {
		RateLimiter limiter = limiter(Algorithm.SLIDING_WINDOW, 3, 10);
		assertThat(limiter).hasToString("SlidingWindowRateLimiter[" + limiter.policy() + "]");
	}

	@Test
	void whileATrimRunsOtherThreadsAddAtMostATenthOfTheBound() throws InterruptedException {
		PausingClock pausing = new PausingClock(this.clock);
		RateLimiter limiter = RateLimiters
			.local(new LimitPolicy("bounded", 5, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW, 100), pausing);
		for (int i = 0; i < 100; i++) {
			limiter.tryAcquire("key-" + i);
		}
		// The trimming thread pauses on its first clock reading, inside the trim.
		Thread trimmer = new Thread(() -> limiter.tryAcquire("trimmer"));
		pausing.pauseNextReadingOn(trimmer);
		trimmer.start();
		Thread flooder = new Thread(() -> {
			for (int i = 0; i < 50; i++) {
				limiter.tryAcquire("flood-" + i);
			}
		});
		try {
			pausing.awaitPaused();
			flooder.start();
			awaitParked(flooder);
			assertThat(limiter.keyCount()).isEqualTo(100 + 10);
		}
		finally {
			pausing.resume();
			trimmer.join();
			flooder.join();
		}
		// Each of the two threads may add one key just after another's trim.
		assertThat(limiter.keyCount()).isLessThanOrEqualTo(100 + 2);
		assertThat(limiter.allowedCount()).isEqualTo(100 + 1 + 50);
	}

	@Test
	void keyCreatedJustBeforeATrimKeepsWhatItTakes() throws InterruptedException {
		PausingClock pausing = new PausingClock(this.clock);
		RateLimiter limiter = RateLimiters
			.local(new LimitPolicy("bounded", 1, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW, 10), pausing);
		for (int i = 0; i < 9; i++) {
			limiter.tryAcquire("key-" + i);
		}
		AtomicReference<Decision> first = new AtomicReference<>();
		// The deciding thread pauses on its first clock reading: its cell exists, still empty.
		Thread decider = new Thread(() -> first.set(limiter.tryAcquire("k")));
		pausing.pauseNextReadingOn(decider);
		decider.start();
		try {
			pausing.awaitPaused();
			limiter.tryAcquire("triggers-a-trim");
		}
		finally {
			pausing.resume();
			decider.join();
		}
		assertThat(first.get().allowed()).isTrue();
		assertThat(limiter.tryAcquire("k").allowed()).as("second permit for k in the same window").isFalse();
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void keyCreatedJustBeforeATrimKeepsWhatItTakesWhateverTheAlgorithm(Algorithm algorithm)
			throws InterruptedException {
		PausingClock pausing = new PausingClock(this.clock);
		RateLimiter limiter = RateLimiters.local(new LimitPolicy("bounded", 1, Duration.ofSeconds(1), algorithm, 10),
				pausing);
		for (int i = 0; i < 9; i++) {
			limiter.tryAcquire("key-" + i);
		}
		AtomicReference<Decision> first = new AtomicReference<>();
		Thread decider = new Thread(() -> first.set(limiter.tryAcquire("k")));
		pausing.pauseNextReadingOn(decider);
		decider.start();
		try {
			pausing.awaitPaused();
			limiter.tryAcquire("triggers-a-trim");
		}
		finally {
			pausing.resume();
			decider.join();
		}
		assertThat(first.get().allowed()).isTrue();
		assertThat(limiter.tryAcquire("k").allowed()).as("second permit for k").isFalse();
		assertThat(limiter.allowedCount()).isEqualTo(9 + 2);
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void keysCreatedWhileTrimsRunKeepWhatTheyTake(Algorithm algorithm) throws InterruptedException {
		// A filler thread adds keys 5s in the past, so that every trim finds keys to forget
		// (trimming on another thread, the fillers have expired) or to evict (trimming on the
		// filler thread, the fillers expire first), and never evicts a key under test: a second
		// permit for one of those is never due, however its creation races the trims.
		SplitClock clock = new SplitClock(5_000);
		int threads = 8;
		int keysPerThread = 100;
		long grantedTwice = 0;
		long evicted = 0;
		for (int round = 0; round < 20; round++) {
			RateLimiter limiter = clock.inThePast(() -> RateLimiters
				.local(new LimitPolicy("bounded", 1, Duration.ofSeconds(1), algorithm, threads * keysPerThread * 5 / 4), clock));
			CountDownLatch done = new CountDownLatch(threads);
			Thread filler = start(() -> clock.inThePast(() -> {
				for (int i = 0; done.getCount() > 0; i++) {
					limiter.tryAcquire("filler-" + i);
				}
				return null;
			}));
			LongAdder twice = new LongAdder();
			List<Thread> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String prefix = "t" + t + "-";
				workers.add(start(() -> {
					try {
						for (int i = 0; i < keysPerThread; i++) {
							limiter.tryAcquire(prefix + i);
							if (limiter.tryAcquire(prefix + i).allowed()) {
								twice.increment();
							}
						}
					}
					finally {
						done.countDown();
					}
				}));
			}
			for (Thread worker : workers) {
				worker.join();
			}
			filler.join();
			grantedTwice += twice.sum();
			evicted += limiter.evictedKeys();
		}
		assertThat(evicted).as("evicted fillers").isPositive();
		assertThat(grantedTwice).as("keys granted twice").isZero();
	}

	private RateLimiter limiter(Algorithm algorithm, long limit, int maxKeys) {
		return RateLimiters.local(new LimitPolicy("bounded", limit, Duration.ofSeconds(1), algorithm, maxKeys), this.clock);
	}

	private static Thread start(Runnable task) {
		Thread thread = new Thread(task);
		thread.start();
		return thread;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits, without sleeping, until a thread is parked: here, waiting for the trim lock.
	 */
	private static void awaitParked(Thread thread) {
		while (thread.getState() != Thread.State.WAITING) {
			assertThat(thread.getState()).as("flooder state").isNotEqualTo(Thread.State.TERMINATED);
			Thread.onSpinWait();
		}
	}

	/**
	 * A clock that makes one chosen thread wait inside its next reading, to stop it at a known
	 * point of a decision while the test acts on another thread.
	 */
	private static final class PausingClock implements Clock {

		private final Clock delegate;

		private final CountDownLatch paused = new CountDownLatch(1);

		private final CountDownLatch resumed = new CountDownLatch(1);

		private volatile Thread pausedThread;

		PausingClock(Clock delegate) {
			this.delegate = delegate;
		}

		void pauseNextReadingOn(Thread thread) {
			this.pausedThread = thread;
		}

		void awaitPaused() {
			await(this.paused);
		}

		void resume() {
			this.resumed.countDown();
		}

		@Override
		public long wallTimeMillis() {
			pauseIfChosen();
			return this.delegate.wallTimeMillis();
		}

		@Override
		public long monotonicNanos() {
			pauseIfChosen();
			return this.delegate.monotonicNanos();
		}

		private void pauseIfChosen() {
			if (Thread.currentThread() == this.pausedThread) {
				this.pausedThread = null;
				this.paused.countDown();
				await(this.resumed);
			}
		}

	}

	/**
	 * A clock that reads a fixed time earlier on the threads that run a task in the past.
	 */
	private static final class SplitClock implements Clock {

		private final ManualClock now = new ManualClock(1_000_000);

		private final long pastMillis;

		private final ThreadLocal<Boolean> inThePast = ThreadLocal.withInitial(() -> false);

		SplitClock(long pastMillis) {
			this.pastMillis = pastMillis;
			this.now.advance(Duration.ofMillis(pastMillis));
		}

		<T> T inThePast(Supplier<T> task) {
			this.inThePast.set(true);
			try {
				return task.get();
			}
			finally {
				this.inThePast.set(false);
			}
		}

		@Override
		public long wallTimeMillis() {
			return this.now.wallTimeMillis() - (this.inThePast.get() ? this.pastMillis : 0);
		}

		@Override
		public long monotonicNanos() {
			return this.now.monotonicNanos() - (this.inThePast.get() ? this.pastMillis * 1_000_000 : 0);
		}

	}

}

