package dev.weir.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationConfig;
import dev.weir.federation.InMemoryCoordinator;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.time.Clock;

/**
 * One Weir federated limiter ({@code scope: federated}) with the default batch of 8, over an
 * {@link InMemoryCoordinator} on the system clock, every workload key already leased once. The
 * coordinator answers in this thread without a network, so a decision costs the engine's own
 * work: spending escrow, and every eighth decision of a key a lease's bookkeeping; a real
 * coordinator adds its round trip to that eighth decision only (or to none, with prefetch).
 * Fixed windows only, as federation counts. When denying, each key's one permit was leased at
 * setup and every decision is answered by the negative cache.
 */
@State(Scope.Benchmark)
public class FederatedLimiter {

	FederatedRateLimiter limiter = create(1);

	private static FederatedRateLimiter create(long limit) {
		return new FederatedRateLimiter(LimitPolicy.of("bench", limit, Workload.WINDOW, Algorithm.FIXED_WINDOW),
				FederationConfig.of("bench", "p1"), new InMemoryCoordinator(Clock.system()), null, Clock.system());
	}

	/**
	 * Builds a fresh limiter and coordinator before each iteration and leases every key once.
	 */
	@Setup(Level.Iteration)
	public void setUp(Workload workload) {
		this.limiter = create(workload.limit());
		WeirLimiter.prime(this.limiter, workload);
	}

	/**
	 * Checks that the iteration measured the path it claims to.
	 */
	@TearDown(Level.Iteration)
	public void check(Workload workload) {
		WeirLimiter.check(this.limiter, workload, "federated");
	}

}
