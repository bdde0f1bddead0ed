package dev.weir.benchmarks;

import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bucket4j local buckets, one per key, in a {@link ConcurrentHashMap}.
 *
 * <p>Bucket4j has no keyed in-memory limiter (its {@code ProxyManager}s are for distributed
 * back ends), so a user keeps a map of buckets; this one looks a key up with {@code get} and
 * only falls back to {@code computeIfAbsent}, which can lock a bin, for a new key, as Weir
 * does. The buckets use Bucket4j's defaults, as {@code Bucket.builder()} gives them: lock-free
 * synchronisation and the millisecond system clock. A greedy refill of the whole limit per
 * window is Bucket4j's usual token bucket, the same policy as Weir's {@code TOKEN_BUCKET}.
 */
@State(Scope.Benchmark)
public class Bucket4jBuckets {

	private ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	private int limit = Workload.ADMIT_LIMIT;

	/**
	 * Builds fresh buckets before each iteration, one per key; for the deny workload each
	 * bucket spends its only token here.
	 */
	@Setup(Level.Iteration)
	public void setUp(Workload workload) {
		this.limit = workload.limit();
		this.buckets = new ConcurrentHashMap<>();
		for (String key : workload.names) {
			if (!bucket(key).tryConsume(1)) {
				throw new IllegalStateException("a new bucket was empty: " + key);
			}
		}
	}

	@TearDown(Level.Iteration)
	public void check(Workload workload) {
		for (String key : workload.names) {
			if (bucket(key).getAvailableTokens() > 0 != workload.admits()) {
				throw new IllegalStateException("bucket " + key + " has " + bucket(key).getAvailableTokens() + " tokens");
			}
		}
	}

	Bucket bucket(String key) {
		Bucket bucket = this.buckets.get(key);
		return (bucket != null) ? bucket : this.buckets.computeIfAbsent(key, (k) -> newBucket());
	}

	private Bucket newBucket() {
		int capacity = this.limit;
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, Workload.WINDOW))
			.build();
	}

}
