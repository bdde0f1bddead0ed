package dev.weir.cluster.message;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;
import dev.weir.gossip.wire.Versions;

/**
 * The answer to serf's {@code _serf_conflict} query: the member the answering node knows under
 * the disputed name, or {@code null} if it knows none. It travels as the payload of a
 * {@link QueryResponse}; the querying node counts how many answers carry its own address and
 * port, and shuts down if they are not a majority ({@code serf/serf.go} resolveNodeConflict).
 *
 * @param member the member known under that name, or {@code null}
 */
public record ConflictResponse(@Nullable Member member) implements SerfMessage {

	@Override
	public SerfMessageType type() {
		return SerfMessageType.CONFLICT_RESPONSE;
	}

	/**
	 * Writes serf's {@code Member} struct, its fields in byte order, or nil.
	 */
	@Override
	public void writeBody(MsgpackWriter writer) {
		Member member = this.member;
		if (member == null) {
			writer.nil();
			return;
		}
		Versions versions = member.versions();
		writer.mapHeader(11);
		writer.string("Addr").bytes(member.address().clone());
		writer.string("DelegateCur").unsigned(versions.delegateCurrent());
		writer.string("DelegateMax").unsigned(versions.delegateMax());
		writer.string("DelegateMin").unsigned(versions.delegateMin());
		writer.string("Name").string(member.name());
		writer.string("Port").unsigned(member.port());
		writer.string("ProtocolCur").unsigned(versions.protocolCurrent());
		writer.string("ProtocolMax").unsigned(versions.protocolMax());
		writer.string("ProtocolMin").unsigned(versions.protocolMin());
		writer.string("Status").unsigned(member.status());
		writer.string("Tags").mapHeader(member.tags().size());
		member.tags().forEach((key, value) -> writer.string(key).string(value));
	}

	static ConflictResponse read(MsgpackReader reader) throws MalformedMessageException {
		if (reader.nextIsNil()) {
			reader.nil();
			return new ConflictResponse(null);
		}
		String name = "";
		byte[] address = new byte[0];
		int port = 0;
		int status = 0;
		Map<String, String> tags = new LinkedHashMap<>();
		int[] versions = new int[6];
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "Addr" -> address = reader.bytesOrEmpty();
				case "Name" -> name = reader.string();
				case "Port" -> port = (int) reader.unsigned(0xffff, key);
				case "Status" -> status = (int) reader.unsigned(0xff, key);
				case "Tags" -> {
					if (reader.nextIsNil()) {
						reader.nil();
					}
					else {
						int count = reader.mapHeader();
						for (int t = 0; t < count; t++) {
							tags.put(reader.string(), reader.string());
						}
					}
				}
				case "ProtocolMin" -> versions[0] = (int) reader.unsigned(0xff, key);
				case "ProtocolMax" -> versions[1] = (int) reader.unsigned(0xff, key);
				case "ProtocolCur" -> versions[2] = (int) reader.unsigned(0xff, key);
				case "DelegateMin" -> versions[3] = (int) reader.unsigned(0xff, key);
				case "DelegateMax" -> versions[4] = (int) reader.unsigned(0xff, key);
				case "DelegateCur" -> versions[5] = (int) reader.unsigned(0xff, key);
				default -> reader.skip();
			}
		}
		return new ConflictResponse(new Member(name, address, port, tags, status,
				new Versions(versions[0], versions[1], versions[2], versions[3], versions[4], versions[5])));
	}

	/**
	 * Serf's {@code Member} as the conflict answer carries it.
	 *
	 * @param name the member's name
	 * @param address its IP address, 4 or 16 bytes
	 * @param port its gossip port
	 * @param tags its tags
	 * @param status serf's status code: 1 alive, 2 leaving, 3 left, 4 failed
	 * @param versions the versions it advertises
	 */
	public record Member(String name, byte[] address, int port, Map<String, String> tags, int status,
			Versions versions) {

		/**
		 * Copies the address and the tags.
		 */
		public Member {
			address = address.clone();
			tags = Map.copyOf(tags);
		}

		@Override
		public byte[] address() {
			return this.address.clone();
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Member that && this.name.equals(that.name)
					&& Arrays.equals(this.address, that.address) && this.port == that.port
					&& this.tags.equals(that.tags) && this.status == that.status && this.versions.equals(that.versions);
		}

		@Override
		public int hashCode() {
			return this.name.hashCode() * 31 + this.port;
		}

		@Override
		public String toString() {
			return "Member[" + this.name + " at " + Arrays.toString(this.address) + ":" + this.port + ", tags "
					+ this.tags + ", status " + this.status + ", " + this.versions + "]";
		}

	}

}
