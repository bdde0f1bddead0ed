/**
 * Rate limiting: the {@link dev.weir.limit.RateLimiter} API, its
 * {@link dev.weir.limit.Decision}, and the in-memory algorithms of
 * {@link dev.weir.limit.Algorithm}.
 */
@NullMarked
package dev.weir.limit;

import org.jspecify.annotations.NullMarked;
