package dev.weir.gossip.wire;

/**
 * Ranges of the Go field types on the wire.
 */
final class Fields {

	static final long U8 = 0xffL;

	static final long U16 = 0xffffL;

	static final long U32 = 0xffff_ffffL;

	/**
	 * Reads a node's meta, which must not exceed {@link Alive#MAX_META}.
	 */
	static byte[] meta(MsgpackReader reader) throws MalformedMessageException {
		byte[] meta = reader.bytesOrEmpty();
		if (meta.length > Alive.MAX_META) {
			throw new MalformedMessageException(DropReason.OVERSIZED, "meta of " + meta.length + " bytes");
		}
		return meta;
	}

	private Fields() {
	}

}
