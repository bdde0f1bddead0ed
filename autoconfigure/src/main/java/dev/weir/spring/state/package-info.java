/**
 * Shared state over the cluster: the replicated counters behind {@code scope: cluster}
 * limiters and {@link dev.weir.state.SharedCounter shared counters}, and their sync.
 */
@NullMarked
package dev.weir.spring.state;

import org.jspecify.annotations.NullMarked;
