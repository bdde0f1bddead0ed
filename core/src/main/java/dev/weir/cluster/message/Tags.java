package dev.weir.cluster.message;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.weir.gossip.wire.Alive;
import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * A member's tags as serf carries them in memberlist's node meta: {@code 0xFF} then a msgpack
 * map of strings; meta that does not start with {@code 0xFF} is an old peer's {@code role}.
 */
public final class Tags {

	private static final int MAGIC = 0xff;

	private Tags() {
	}

	/**
	 * Encodes tags as node meta.
	 * @param tags the tags, in the order to write them
	 * @return the meta
	 * @throws IllegalArgumentException if the encoded tags exceed the 512 bytes of meta
	 * memberlist allows
	 */
	public static byte[] encode(Map<String, String> tags) {
		MsgpackWriter writer = new MsgpackWriter(32);
		writer.rawByte(MAGIC);
		writer.mapHeader(tags.size());
		tags.forEach((name, value) -> writer.string(name).string(value));
		if (writer.size() > Alive.MAX_META) {
			throw new IllegalArgumentException(
					"tags take " + writer.size() + " bytes encoded, more than the " + Alive.MAX_META + " allowed");
		}
		return writer.toByteArray();
	}

	/**
	 * Decodes node meta into tags.
	 * @param meta the meta
	 * @return the tags, in wire order
	 * @throws MalformedMessageException if the meta claims to hold tags but does not
	 */
	public static Map<String, String> decode(byte[] meta) throws MalformedMessageException {
		if (meta.length == 0 || (meta[0] & 0xff) != MAGIC) {
			return (meta.length == 0) ? Map.of() : Map.of("role", new String(meta, StandardCharsets.UTF_8));
		}
		MsgpackReader reader = new MsgpackReader(meta, 1, meta.length - 1);
		int count = reader.mapHeader();
		Map<String, String> tags = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			tags.put(reader.string(), reader.string());
		}
		reader.expectEnd();
		if (tags.size() != count) {
			throw new MalformedMessageException(DropReason.MALFORMED, "tags repeat a name");
		}
		return Collections.unmodifiableMap(tags);
	}

}
