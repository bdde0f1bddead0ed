/**
 * The federation evaluation of {@code docs/FEDERATION.md} ("Evaluation") on virtual time: a
 * replica of ThrottleKit's skew table and a seeded discrete-event simulation of open-loop
 * arrivals, both driving the real {@link dev.weir.federation.FederatedRateLimiter} against the
 * in-memory coordinator and regional escrow. Run through
 * {@link dev.weir.benchmarks.FederationEvaluation}; never part of the test suite.
 */
@NullMarked
package dev.weir.benchmarks.federation;

import org.jspecify.annotations.NullMarked;
