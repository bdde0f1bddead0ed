/**
 * memberlist's wire format, byte for byte: msgpack as the Go codec writes it, every message
 * type, and the framing of packets (compound, LZW compression, CRC). Decoders take untrusted
 * bytes and report what they cannot read as a {@link dev.weir.gossip.wire.DropReason}.
 */
@NullMarked
package dev.weir.gossip.wire;

import org.jspecify.annotations.NullMarked;
