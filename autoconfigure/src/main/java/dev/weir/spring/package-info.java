/**
 * Weir's public Spring API: the {@link dev.weir.spring.RateLimited} annotation and the
 * exceptions an application may meet.
 */
@NullMarked
package dev.weir.spring;

import org.jspecify.annotations.NullMarked;
