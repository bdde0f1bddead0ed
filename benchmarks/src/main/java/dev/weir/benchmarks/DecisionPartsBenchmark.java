package dev.weir.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.weir.limit.Decision;

/**
 * The steps one Weir decision is made of, each timed alone with the same framing as
 * {@link DecisionCostBenchmark}, to see where a decision's nanoseconds go: choosing the key,
 * finding its state, reading the clock, the compare-and-set, counting the outcome and
 * allocating the {@link Decision}. The steps overlap when the CPU runs them together, so they
 * need not add up to a whole decision.
 *
 * <p>Run with {@code -p outcome=admit}: the outcome parameter changes nothing here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecisionPartsBenchmark {

	/**
	 * A table of the workload's keys, a counter and a word as a limiter holds them, shared by
	 * every thread.
	 */
	@State(Scope.Benchmark)
	public static class Shared {

		final ConcurrentHashMap<String, AtomicLong> cells = new ConcurrentHashMap<>();

		final LongAdder counter = new LongAdder();

		final AtomicLong word = new AtomicLong();

		long limit = Workload.ADMIT_LIMIT;

		@Setup
		public void setUp(Workload workload) {
			for (String key : workload.names) {
				this.cells.put(key, new AtomicLong());
			}
		}

	}

	@Benchmark
	public String chooseKey(KeyCursor cursor) {
		return cursor.next();
	}

	@Benchmark
	public AtomicLong findKey(Shared shared, KeyCursor cursor) {
		return shared.cells.get(cursor.next());
	}

	@Benchmark
	public long wallClock() {
		return System.currentTimeMillis();
	}

	@Benchmark
	public long monotonicClock() {
		return System.nanoTime();
	}

	@Benchmark
	public boolean compareAndSetKey(Shared shared, KeyCursor cursor) {
		AtomicLong cell = shared.cells.get(cursor.next());
		long value = cell.get();
		return cell.compareAndSet(value, value + 1);
	}

	@Benchmark
	public boolean compareAndSetOneWord(Shared shared) {
		long value = shared.word.get();
		return shared.word.compareAndSet(value, value + 1);
	}

	@Benchmark
	public void countOutcome(Shared shared) {
		shared.counter.increment();
	}

	@Benchmark
	public Decision allocateDecision(Shared shared) {
		return Decision.allowed(shared.limit, shared.limit - 1, 1_000_000L);
	}

}
