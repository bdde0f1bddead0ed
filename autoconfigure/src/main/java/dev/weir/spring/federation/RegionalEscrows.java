package dev.weir.spring.federation;

import java.util.function.Function;

import dev.weir.federation.RegionalEscrow;
import dev.weir.limit.LimitPolicy;

/**
 * Creates the regional escrow of each federated limiter.
 */
@FunctionalInterface
public interface RegionalEscrows extends Function<LimitPolicy, RegionalEscrow> {

}
