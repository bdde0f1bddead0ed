/**
 * The Redis coordinator and regional escrow of Weir's federation, over Spring Data Redis.
 */
@NullMarked
package dev.weir.spring.federation.redis;

import org.jspecify.annotations.NullMarked;
