package dev.weir.state.cache;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * The msgpack form of a cache's deltas and snapshots, which share one layout:
 *
 * <pre>
 * [ 1,                                  format version
 *   nil | [lamport, node],              the latest clear, if any
 *   [ [key, value | nil, lamport, node, expiresAtMillis], ... ] ]   entries; nil value = tombstone
 * </pre>
 *
 * Entries are encoded one by one first, so that {@link ReplicatedCache#drainDeltas} can pack
 * them into deltas of a bounded size without encoding anything twice.
 */
final class CacheCodec {

	static final int VERSION = 1;

	/**
	 * Bytes a message takes besides its clear and its entries: the outer array, the version and
	 * the largest header of the entries array.
	 */
	static final int OVERHEAD = 1 + 1 + 5;

	private static final byte[] NO_CLEAR = new MsgpackWriter(1).nil().toByteArray();

	private CacheCodec() {
	}

	static byte[] encodeEntry(CacheEntry entry) {
		MsgpackWriter writer = new MsgpackWriter(32 + entry.key().length() + ((entry.value() != null) ? entry.value().length : 0));
		writer.arrayHeader(5)
			.string(entry.key())
			.bytes(entry.value())
			.unsigned(entry.stamp().lamport())
			.string(entry.stamp().node())
			.unsigned(entry.expiresAtMillis());
		return writer.toByteArray();
	}

	static byte[] encodeClear(@Nullable Stamp clear) {
		if (clear == null) {
			return NO_CLEAR;
		}
		return new MsgpackWriter(32).arrayHeader(2).unsigned(clear.lamport()).string(clear.node()).toByteArray();
	}

	static byte[] encode(byte[] clear, List<byte[]> entries) {
		int size = OVERHEAD + clear.length;
		for (byte[] entry : entries) {
			size += entry.length;
		}
		MsgpackWriter writer = new MsgpackWriter(size).arrayHeader(3).unsigned(VERSION).raw(clear).arrayHeader(entries.size());
		entries.forEach(writer::raw);
		return writer.toByteArray();
	}

	/**
	 * Decodes a whole message before anything is merged, so that a malformed one changes
	 * nothing.
	 */
	static Decoded decode(byte[] bytes) throws MalformedMessageException {
		MsgpackReader reader = new MsgpackReader(bytes);
		if (reader.arrayHeader() != 3) {
			throw malformed("expected 3 fields");
		}
		long version = reader.integer();
		if (version != VERSION) {
			throw new MalformedMessageException(DropReason.INCOMPATIBLE_VERSION, "cache format version " + version);
		}
		Stamp clear = null;
		if (reader.nextIsNil()) {
			reader.nil();
		}
		else {
			if (reader.arrayHeader() != 2) {
				throw malformed("expected a clear of 2 fields");
			}
			clear = stamp(reader);
		}
		int count = reader.arrayHeader();
		List<CacheEntry> entries = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			if (reader.arrayHeader() != 5) {
				throw malformed("expected an entry of 5 fields");
			}
			String key = reader.string();
			byte[] value = reader.bytes();
			Stamp stamp = stamp(reader);
			long expiresAtMillis = reader.unsigned(Long.MAX_VALUE, "expiresAtMillis");
			entries.add(new CacheEntry(key, value, stamp, expiresAtMillis));
		}
		reader.expectEnd();
		return new Decoded(clear, entries);
	}

	private static Stamp stamp(MsgpackReader reader) throws MalformedMessageException {
		long lamport = reader.unsigned(Long.MAX_VALUE, "lamport");
		String node = reader.string();
		if (node.isEmpty()) {
			throw malformed("empty node name");
		}
		return new Stamp(lamport, node);
	}

	private static MalformedMessageException malformed(String message) {
		return new MalformedMessageException(DropReason.MALFORMED, "cache: " + message);
	}

	/**
	 * A decoded delta or snapshot.
	 * @param clear the latest clear it carries, if any
	 * @param entries its entries, in the order sent
	 */
	record Decoded(@Nullable Stamp clear, List<CacheEntry> entries) {

	}

}
