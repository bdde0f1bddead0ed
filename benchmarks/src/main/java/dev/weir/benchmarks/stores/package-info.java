/**
 * Federation against real stores: the Redis and PostgreSQL coordinators of the Spring
 * integration, each over a server that the run starts itself on loopback.
 *
 * <p>{@link dev.weir.benchmarks.stores.FederationStoresBenchmark} measures the latency and
 * throughput of coordinator calls, each as a ratio to the store's plain round trip measured in
 * the same run; {@link dev.weir.benchmarks.stores.FederationRedisReplica} replays ThrottleKit's
 * skew table (docs/FEDERATION.md) against a real Redis. Run both with
 * {@code benchmarks/scripts/federation-stores.sh}; results are in {@code docs/BENCHMARKS.md}.
 * They are never part of the build's tests.
 */
@NullMarked
package dev.weir.benchmarks.stores;

import org.jspecify.annotations.NullMarked;
