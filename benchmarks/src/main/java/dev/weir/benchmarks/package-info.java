/**
 * JMH benchmarks of the cost of one rate-limit decision in Weir, Bucket4j and Resilience4j.
 *
 * <p>Run them with {@code benchmarks/scripts/decision-cost.sh}; see {@code docs/BENCHMARKS.md}
 * for what they measure and what they do not. They are never part of the build's tests.
 *
 * <p>{@link dev.weir.benchmarks.ClusterNodeMain} runs one cluster node per JVM for
 * {@code benchmarks/scripts/cluster-vs-serf.sh}, which compares Weir's cluster layer with serf
 * agents ({@code docs/CLUSTER-BENCHMARKS.md}).
 */
@NullMarked
package dev.weir.benchmarks;

import org.jspecify.annotations.NullMarked;
