package dev.weir.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.bucket4j.ConsumptionProbe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import dev.weir.limit.Decision;

/**
 * The cost of one rate-limit decision for one permit: look the request's key up, decide, and
 * hand back the answer, in nanoseconds per decision on each thread.
 *
 * <p>Every method does the same framing (the next key from {@link KeyCursor}, the result
 * returned to JMH so it is not optimised away), so the differences between them are the
 * libraries' own. Run with {@code -t 2} to see two threads contend for the same limiter. Weir
 * answers with a {@link Decision} carrying what the HTTP fields need (remaining, reset, retry);
 * Bucket4j's {@code tryConsume} answers only yes or no, so {@code tryConsumeAndReturnRemaining},
 * which also gives the remaining tokens and the wait, is measured as the like-for-like call.
 *
 * <p>{@code cluster} and {@code bucket4jRedis} measure {@code scope: cluster} against {@code weir}
 * (local scope) and against a store-backed limiter: a {@link dev.weir.state.ClusterRateLimiter}
 * with its store's sync running ({@link ClusterLimiter}), and a Bucket4j bucket per key in a
 * real Redis on loopback ({@link RedisBuckets}). Run them with
 * {@code benchmarks/scripts/cluster-decision-cost.sh}. {@code federated} measures
 * {@code scope: federated} the same way ({@link FederatedLimiter}), its coordinator in memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecisionCostBenchmark {

	@Benchmark
	public Decision weir(WeirLimiter weir, KeyCursor cursor) {
		return weir.limiter.tryAcquire(cursor.next(), 1);
	}

	@Benchmark
	public Decision cluster(ClusterLimiter cluster, KeyCursor cursor) {
		return cluster.limiter.tryAcquire(cursor.next(), 1);
	}

	@Benchmark
	public Decision federated(FederatedLimiter federated, KeyCursor cursor) {
		return federated.limiter.tryAcquire(cursor.next(), 1);
	}

	@Benchmark
	public boolean bucket4jRedis(RedisBuckets redis, KeyCursor cursor) {
		return redis.bucket(cursor.next()).tryConsume(1);
	}

	@Benchmark
	public boolean bucket4jTryConsume(Bucket4jBuckets bucket4j, KeyCursor cursor) {
		return bucket4j.bucket(cursor.next()).tryConsume(1);
	}

	@Benchmark
	public ConsumptionProbe bucket4jTryConsumeAndReturnRemaining(Bucket4jBuckets bucket4j, KeyCursor cursor) {
		return bucket4j.bucket(cursor.next()).tryConsumeAndReturnRemaining(1);
	}

	@Benchmark
	public boolean resilience4jAcquirePermission(Resilience4jLimiters resilience4j, KeyCursor cursor) {
		return resilience4j.registry.rateLimiter(cursor.next()).acquirePermission();
	}

}
