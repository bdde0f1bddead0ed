package dev.weir.gossip.wire;

/**
 * What a node answers on a stream it could not read.
 *
 * @param error the reason
 */
public record ErrorResponse(String error) implements Message {

	@Override
	public MessageType type() {
		return MessageType.ERROR;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(1);
		writer.string("Error").string(this.error);
	}

	static ErrorResponse read(MsgpackReader reader) throws MalformedMessageException {
		String error = "";
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			if (key.equals("Error")) {
				error = reader.string();
			}
			else {
				reader.skip();
			}
		}
		return new ErrorResponse(error);
	}

}
