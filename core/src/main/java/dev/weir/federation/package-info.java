/**
 * Federation: one global limit per key and window shared by several regions through a
 * {@link dev.weir.federation.GlobalCoordinator}, spent locally from escrow that dies at a
 * deadline derived from the coordinator's own clock, so that no window ever admits more than
 * its limit (Δ = 0) without synchronised node clocks.
 *
 * <p>The engine is {@link dev.weir.federation.FederatedRateLimiter}; the SPIs are
 * {@link dev.weir.federation.GlobalCoordinator} (one cross-region store) and
 * {@link dev.weir.federation.RegionalEscrow} (an optional store shared by the processes of one
 * region). {@link dev.weir.federation.InMemoryCoordinator} and
 * {@link dev.weir.federation.InMemoryRegionalEscrow} serve tests and the embedded default.
 */
@NullMarked
package dev.weir.federation;

import org.jspecify.annotations.NullMarked;
