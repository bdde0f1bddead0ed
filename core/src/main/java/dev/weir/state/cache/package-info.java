/**
 * A replicated key-value cache: {@link dev.weir.state.cache.ReplicatedCache}, whose entries
 * every node of the cluster converges on by last-writer-wins, with a TTL, tombstones for
 * deletions and a bounded size; and {@link dev.weir.state.cache.ReplicatedCaches}, the named
 * caches of an application.
 */
@NullMarked
package dev.weir.state.cache;

import org.jspecify.annotations.NullMarked;
