/**
 * Spring's cache abstraction over Weir's replicated caches: the {@code weir.cache.*}
 * properties, {@link dev.weir.spring.cache.WeirCacheManager} and
 * {@link dev.weir.spring.cache.WeirCache}, so that {@code @Cacheable}, {@code @CachePut} and
 * {@code @CacheEvict} share entries across every instance of a service.
 */
@NullMarked
package dev.weir.spring.cache;

import org.jspecify.annotations.NullMarked;
