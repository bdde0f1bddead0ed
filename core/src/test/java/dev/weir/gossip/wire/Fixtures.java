package dev.weir.gossip.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The bytes recorded from real serf agents, in {@code src/test/resources/protocol-fixtures}.
 */
public final class Fixtures {

	private Fixtures() {
	}

	/**
	 * Returns the bytes of a fixture.
	 * @param name the file's name, with or without {@code .hex}, such as {@code 01-udp-ping} or
	 * {@code 02-udp-ack-lzw.plain}
	 * @return the bytes
	 */
	public static byte[] bytes(String name) {
		String file = name.endsWith(".hex") ? name : name + ".hex";
		try (InputStream in = Fixtures.class.getResourceAsStream("/protocol-fixtures/" + file)) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + file);
			}
			return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
