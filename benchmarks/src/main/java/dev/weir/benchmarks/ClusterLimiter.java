package dev.weir.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.state.ClusterRateLimiter;
import dev.weir.state.CounterStore;
import dev.weir.time.Clock;

/**
 * One Weir cluster-scope limiter ({@code scope: cluster}): a {@link ClusterRateLimiter} from a
 * {@link CounterStore} on the system clock, told it is one of {@link #members} nodes, with every
 * workload key already counted.
 *
 * <p>While an iteration runs, a background thread does what a node's {@code StateSync} does
 * every {@value #SYNC_MILLIS} ms short of sending: it starts a sync epoch ({@code tick()}) and
 * drains the coalesced deltas ({@code drainDeltas}), which are encoded and dropped. That work is
 * part of what cluster scope costs, and the CPU time per decision includes it. Without the
 * ticks a node could not widen its claim. The admit workload's limit ({@value Workload#ADMIT_LIMIT})
 * is so large that even a third of it, the first claim of one node in three, outlasts any
 * iteration, so every measured decision admits on the fast path (a compare-and-set within the
 * claim) and none is denied for a spent share; the teardown checks it.
 */
@State(Scope.Benchmark)
public class ClusterLimiter {

	/** How often the background thread starts an epoch and drains deltas: the default sync interval. */
	static final long SYNC_MILLIS = 200;

	/** The most bytes of one drained delta, as a default gossip packet leaves for it. */
	private static final int DELTA_BYTES = 1_080;

	/**
	 * How many alive members this node believes share the limit; it is rank 0 among them. Only
	 * the claim's share depends on it: the decision reads the others' merged count either way.
	 */
	@Param({ "1", "3" })
	public int members;

	/**
	 * The algorithm under test: cluster scope supports the two windows.
	 */
	@Param({ "FIXED_WINDOW", "SLIDING_WINDOW" })
	public Algorithm algorithm;

	ClusterRateLimiter limiter = new CounterStore("unset", Clock.system(), 1)
		.limiter(LimitPolicy.of("unset", 1, Workload.WINDOW, Algorithm.FIXED_WINDOW));

	private ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor();

	/**
	 * Builds a fresh store and limiter before each iteration, gives it every key, and starts
	 * the background sync.
	 */
	@Setup(Level.Iteration)
	public void setUp(Workload workload) {
		CounterStore store = new CounterStore("node-0", Clock.system(), Math.max(10_000, workload.keys));
		store.membership(this.members, 0);
		store.epochLength(Duration.ofMillis(SYNC_MILLIS));
		this.limiter = store.limiter(LimitPolicy.of("bench", workload.limit(), Workload.WINDOW, this.algorithm));
		WeirLimiter.prime(this.limiter, workload);
		store.drainDeltas(DELTA_BYTES);
		this.sync = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "weir-bench-sync");
			thread.setDaemon(true);
			return thread;
		});
		this.sync.scheduleAtFixedRate(() -> {
			store.tick();
			store.drainDeltas(DELTA_BYTES);
		}, SYNC_MILLIS, SYNC_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops the sync and checks that the iteration measured the path it claims to.
	 */
	@TearDown(Level.Iteration)
	public void check(Workload workload) throws InterruptedException {
		this.sync.shutdown();
		this.sync.awaitTermination(10, TimeUnit.SECONDS);
		WeirLimiter.check(this.limiter, workload, "cluster " + this.algorithm + " of " + this.members);
	}

}
