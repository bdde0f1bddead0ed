package dev.weir.cluster.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackReader;
import dev.weir.gossip.wire.MsgpackWriter;

/**
 * Serf's share of a push-pull exchange: its three clocks, every member's status time, the
 * members that left, and the event buffer, slot by slot.
 *
 * @param lamportTime the member clock
 * @param statusLamportTimes each member's status time, self included, in the sender's order
 * @param leftMembers the members that left
 * @param eventLamportTime the event clock
 * @param events the event buffer, one entry per slot, {@code null} for an empty slot
 * @param queryLamportTime the query clock
 */
public record SerfPushPull(long lamportTime, Map<String, Long> statusLamportTimes, List<String> leftMembers,
		long eventLamportTime, List<@Nullable EventSlot> events, long queryLamportTime) implements SerfMessage {

	/**
	 * Copies the collections.
	 */
	public SerfPushPull {
		statusLamportTimes = Collections.unmodifiableMap(new LinkedHashMap<>(statusLamportTimes));
		leftMembers = List.copyOf(leftMembers);
		events = Collections.unmodifiableList(new ArrayList<>(events));
	}

	/**
	 * The events of one Lamport time in the buffer.
	 *
	 * @param lamportTime their time
	 * @param events the events, in arrival order
	 */
	public record EventSlot(long lamportTime, List<Event> events) {

		/**
		 * Copies the list.
		 */
		public EventSlot {
			events = List.copyOf(events);
		}

	}

	/**
	 * One buffered event; whether it may be coalesced is not carried.
	 *
	 * @param name its name
	 * @param payload its payload
	 */
	public record Event(String name, byte[] payload) {
	}

	@Override
	public SerfMessageType type() {
		return SerfMessageType.PUSH_PULL;
	}

	@Override
	public void writeBody(MsgpackWriter writer) {
		writer.mapHeader(6);
		writer.string("EventLTime").unsigned(this.eventLamportTime);
		writer.string("Events").arrayHeader(this.events.size());
		for (EventSlot slot : this.events) {
			if (slot == null) {
				writer.nil();
				continue;
			}
			writer.mapHeader(2);
			writer.string("Events").arrayHeader(slot.events().size());
			for (Event event : slot.events()) {
				writer.mapHeader(2);
				writer.string("Name").string(event.name());
				writer.string("Payload").bytes(event.payload());
			}
			writer.string("LTime").unsigned(slot.lamportTime());
		}
		writer.string("LTime").unsigned(this.lamportTime);
		writer.string("LeftMembers").arrayHeader(this.leftMembers.size());
		this.leftMembers.forEach(writer::string);
		writer.string("QueryLTime").unsigned(this.queryLamportTime);
		writer.string("StatusLTimes").mapHeader(this.statusLamportTimes.size());
		this.statusLamportTimes.forEach((name, time) -> writer.string(name).unsigned(time));
	}

	static SerfPushPull read(MsgpackReader reader) throws MalformedMessageException {
		long lamportTime = 0;
		Map<String, Long> status = new LinkedHashMap<>();
		List<String> left = new ArrayList<>();
		long eventTime = 0;
		List<EventSlot> events = new ArrayList<>();
		long queryTime = 0;
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "LTime" -> lamportTime = reader.unsigned(Long.MAX_VALUE, key);
				case "EventLTime" -> eventTime = reader.unsigned(Long.MAX_VALUE, key);
				case "QueryLTime" -> queryTime = reader.unsigned(Long.MAX_VALUE, key);
				case "StatusLTimes" -> {
					if (reader.nextIsNil()) {
						reader.nil();
						break;
					}
					int count = reader.mapHeader();
					for (int m = 0; m < count; m++) {
						status.put(reader.string(), reader.unsigned(Long.MAX_VALUE, "StatusLTimes"));
					}
				}
				case "LeftMembers" -> {
					if (reader.nextIsNil()) {
						reader.nil();
						break;
					}
					int count = reader.arrayHeader();
					for (int m = 0; m < count; m++) {
						left.add(reader.string());
					}
				}
				case "Events" -> {
					if (reader.nextIsNil()) {
						reader.nil();
						break;
					}
					int count = reader.arrayHeader();
					for (int e = 0; e < count; e++) {
						events.add(readSlot(reader));
					}
				}
				default -> reader.skip();
			}
		}
		return new SerfPushPull(lamportTime, status, left, eventTime, events, queryTime);
	}

	private static @Nullable EventSlot readSlot(MsgpackReader reader) throws MalformedMessageException {
		if (reader.nextIsNil()) {
			reader.nil();
			return null;
		}
		long time = 0;
		List<Event> events = new ArrayList<>();
		int fields = reader.mapHeader();
		for (int i = 0; i < fields; i++) {
			String key = reader.string();
			switch (key) {
				case "LTime" -> time = reader.unsigned(Long.MAX_VALUE, key);
				case "Events" -> {
					int count = reader.arrayHeader();
					for (int e = 0; e < count; e++) {
						String name = "";
						byte[] payload = new byte[0];
						int eventFields = reader.mapHeader();
						for (int f = 0; f < eventFields; f++) {
							String eventKey = reader.string();
							switch (eventKey) {
								case "Name" -> name = reader.string();
								case "Payload" -> payload = reader.bytesOrEmpty();
								default -> reader.skip();
							}
						}
						events.add(new Event(name, payload));
					}
				}
				default -> reader.skip();
			}
		}
		return new EventSlot(time, events);
	}

}
