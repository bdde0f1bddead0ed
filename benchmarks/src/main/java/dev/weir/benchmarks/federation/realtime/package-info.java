/**
 * The federation round-trip sweep in real time: three regions' {@link
 * dev.weir.federation.FederatedRateLimiter}s, wired as the Spring starter wires them, over one
 * in-memory coordinator on the system clock behind a jittered delay, driven by open-loop Poisson
 * arrivals on platform threads. Run through {@link
 * dev.weir.benchmarks.federation.realtime.RealTimeRoundTrips}; never part of the test suite.
 */
@NullMarked
package dev.weir.benchmarks.federation.realtime;

import org.jspecify.annotations.NullMarked;
