package dev.weir.benchmarks.federation.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationConfig;
import dev.weir.federation.FederationStats;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.limit.LimitPolicy;
import dev.weir.spring.federation.FederatedLimiters;
import dev.weir.time.Clock;

/**
 * One process per region, as the Spring starter wires each: its own {@link FederatedLimiters}
 * (probe and give-back schedule on one thread: {@code giveBackQuiet(5 ms, 500 ms)} every 5 ms,
 * probes every second; with prefetch, its own pool of up to 16 prefetch threads) and its own
 * instance id, every region's limiter over the same coordinator.
 */
final class Regions implements AutoCloseable {

	/** The starter's default {@code weir.federation.idle-give-back}. */
	private static final Duration IDLE_GIVE_BACK = Duration.ofMillis(500);

	/** The starter's default {@code weir.federation.quiet-give-back}. */
	private static final Duration QUIET_GIVE_BACK = Duration.ofMillis(5);

	private final List<FederatedLimiters> processes = new ArrayList<>();

	private final List<FederatedRateLimiter> limiters = new ArrayList<>();

	Regions(int regions, LimitPolicy policy, Row row, GlobalCoordinator coordinator) {
		for (int region = 0; region < regions; region++) {
			FederationConfig config = FederationConfig.of("region-" + region, "instance-" + region)
				.withBatch(row.batch());
			FederatedLimiters process = new FederatedLimiters(config, coordinator, null, Clock.system(),
					IDLE_GIVE_BACK, QUIET_GIVE_BACK, row.prefetch());
			this.processes.add(process);
			this.limiters.add(process.create(policy));
		}
	}

	FederatedRateLimiter limiter(int region) {
		return this.limiters.get(region);
	}

	/** Units of all regions that expired unspent or came too late to spend. */
	long stranded() {
		return this.limiters.stream()
			.map(FederatedRateLimiter::stats)
			.mapToLong((stats) -> stats.expiredUnits() + stats.forfeitedUnits())
			.sum();
	}

	/** Leases started ahead of need, by all regions. */
	long prefetches() {
		return this.limiters.stream().map(FederatedRateLimiter::stats).mapToLong(FederationStats::prefetches).sum();
	}

	/** Stops the schedules and prefetch pools and gives all escrow back. */
	@Override
	public void close() {
		this.processes.forEach(FederatedLimiters::destroy);
	}

}
