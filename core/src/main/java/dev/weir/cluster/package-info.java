/**
 * Weir's cluster layer, compatible with serf: members and their statuses, Lamport clocks,
 * join and leave intents, user events with an event buffer, queries, reconnection and reaping.
 */
@NullMarked
package dev.weir.cluster;

import org.jspecify.annotations.NullMarked;
