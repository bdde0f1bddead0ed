package dev.weir.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link ManualClock}, the virtual clock every other core test runs on.
 */
class ManualClockTests {

	@Test
	void startsAtGivenWallTimeWithMonotonicReadingAtZero() {
		ManualClock clock = new ManualClock(1_700_000_000_123L);
		assertThat(clock.wallTimeMillis()).isEqualTo(1_700_000_000_123L);
		assertThat(clock.monotonicNanos()).isZero();
	}

	@Test
	void defaultClockStartsAtEpoch() {
		ManualClock clock = new ManualClock();
		assertThat(clock.wallTimeMillis()).isZero();
		assertThat(clock.monotonicNanos()).isZero();
	}

	@Test
	void advanceMovesBothReadings() {
		ManualClock clock = new ManualClock(5_000);
		clock.advance(Duration.ofMillis(1_500));
		assertThat(clock.wallTimeMillis()).isEqualTo(6_500);
		assertThat(clock.monotonicNanos()).isEqualTo(1_500_000_000L);
	}

	@Test
	void advanceNanosMovesWallTimeOnlyByWholeMilliseconds() {
		ManualClock clock = new ManualClock(100);
		clock.advanceNanos(999_999);
		assertThat(clock.wallTimeMillis()).isEqualTo(100);
		assertThat(clock.monotonicNanos()).isEqualTo(999_999);
		clock.advanceNanos(1);
		assertThat(clock.wallTimeMillis()).isEqualTo(101);
		assertThat(clock.monotonicNanos()).isEqualTo(1_000_000);
	}

	@Test
	void subMillisecondAdvancesAccumulateIntoWallTime() {
		ManualClock clock = new ManualClock(0);
		for (int i = 0; i < 5; i++) {
			clock.advanceNanos(400_000);
		}
		assertThat(clock.monotonicNanos()).isEqualTo(2_000_000);
		assertThat(clock.wallTimeMillis()).isEqualTo(2);
	}

	@Test
	void advanceByZeroChangesNothing() {
		ManualClock clock = new ManualClock(42);
		clock.advance(Duration.ZERO);
		clock.advanceNanos(0);
		assertThat(clock.wallTimeMillis()).isEqualTo(42);
		assertThat(clock.monotonicNanos()).isZero();
	}

	@Test
	void advanceNanosRejectsNegativeAmount() {
		ManualClock clock = new ManualClock();
		assertThatIllegalArgumentException().isThrownBy(() -> clock.advanceNanos(-1))
			.withMessageContaining("nanos")
			.withMessageContaining("-1");
		assertThat(clock.monotonicNanos()).isZero();
	}

	@Test
	void advanceRejectsNegativeDuration() {
		ManualClock clock = new ManualClock();
		assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofMillis(-1)));
	}

	@Test
	void advanceRejectsNullDuration() {
		ManualClock clock = new ManualClock();
		assertThatNullPointerException().isThrownBy(() -> clock.advance(null)).withMessageContaining("duration");
	}

	@Test
	void settingWallTimeBackwardsLeavesMonotonicReadingUnchanged() {
		ManualClock clock = new ManualClock(10_000);
		clock.advance(Duration.ofSeconds(3));
		clock.setWallTimeMillis(2_000);
		assertThat(clock.wallTimeMillis()).isEqualTo(2_000);
		assertThat(clock.monotonicNanos()).isEqualTo(3_000_000_000L);
	}

	@Test
	void advanceAfterWallStepMovesOnFromTheNewWallTime() {
		ManualClock clock = new ManualClock(10_000);
		clock.advanceNanos(1_500_000);
		clock.setWallTimeMillis(2_000);
		clock.advanceNanos(600_000);
		assertThat(clock.wallTimeMillis()).isEqualTo(2_001);
		assertThat(clock.monotonicNanos()).isEqualTo(2_100_000);
	}

	@Test
	void concurrentAdvancesAreNotLost() throws InterruptedException {
		ManualClock clock = new ManualClock(0);
		int threads = 4;
		int advancesPerThread = 10_000;
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < advancesPerThread; i++) {
					clock.advanceNanos(250_000);
				}
			});
			worker.start();
			workers.add(worker);
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		long expectedNanos = 250_000L * threads * advancesPerThread;
		assertThat(clock.monotonicNanos()).isEqualTo(expectedNanos);
		assertThat(clock.wallTimeMillis()).isEqualTo(expectedNanos / 1_000_000);
	}

	@Test
	void toStringShowsBothReadings() {
		ManualClock clock = new ManualClock(7);
		clock.advanceNanos(3);
		assertThat(clock).hasToString("ManualClock[wallTimeMillis=7, monotonicNanos=3]");
	}

	@Test
	void systemClockWallTimeFollowsTheSystem() {
		long before = System.currentTimeMillis();
		long wall = Clock.system().wallTimeMillis();
		long after = System.currentTimeMillis();
		assertThat(wall).isBetween(before, after);
	}

	@Test
	void systemClockMonotonicReadingNeverGoesBack() {
		Clock clock = Clock.system();
		long previous = clock.monotonicNanos();
		for (int i = 0; i < 1_000; i++) {
			long next = clock.monotonicNanos();
			assertThat(next).isGreaterThanOrEqualTo(previous);
			previous = next;
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
