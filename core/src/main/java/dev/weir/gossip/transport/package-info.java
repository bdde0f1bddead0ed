/**
 * How gossip reaches other nodes: the {@link dev.weir.gossip.transport.Transport} SPI, the
 * production UDP and TCP transport, and the {@link dev.weir.gossip.transport.Envelope} of
 * encryption, CRC and compression around messages.
 */
@NullMarked
package dev.weir.gossip.transport;

import org.jspecify.annotations.NullMarked;
