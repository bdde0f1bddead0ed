/**
 * Rate limiting in Spring: the {@code weir.limits} and {@code weir.rules} properties, the
 * servlet filter, {@code @RateLimited} support, and the 429 responses.
 */
@NullMarked
package dev.weir.spring.limit;

import org.jspecify.annotations.NullMarked;
