/**
 * Serf's messages over memberlist, byte for byte: join and leave intents, user events,
 * queries and their responses, and serf's push-pull state.
 */
@NullMarked
package dev.weir.cluster.message;

import org.jspecify.annotations.NullMarked;
