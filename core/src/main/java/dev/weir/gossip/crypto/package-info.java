/**
 * Gossip encryption as memberlist does it: the {@link dev.weir.gossip.crypto.Keyring} of
 * shared AES keys, and AES-GCM sealing of packets and stream frames with it.
 */
@NullMarked
package dev.weir.gossip.crypto;

import org.jspecify.annotations.NullMarked;
