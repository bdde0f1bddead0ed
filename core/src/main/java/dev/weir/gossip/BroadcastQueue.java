package dev.weir.gossip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Messages waiting to be piggybacked on outgoing packets, each sent a limited number of times:
 * {@code retransmitMult × ⌈log10(n + 1)⌉} for a cluster of {@code n} members, as memberlist
 * does. When a packet has room, the messages sent least often go first, and among them the
 * largest that still fit, then the newest. A message about a node replaces a queued one about
 * the same node.
 *
 * <p>Not thread-safe: owned by a node's event loop.
 */
public final class BroadcastQueue {

	private final int retransmitMult;

	private final IntSupplier clusterSize;

	private final TreeSet<Entry> queue = new TreeSet<>();

	private final Map<String, Entry> byKey = new HashMap<>();

	private long nextId;

	/**
	 * Creates a queue.
	 * @param retransmitMult memberlist's {@code RetransmitMult}
	 * @param clusterSize the number of members, read whenever a limit is computed
	 */
	public BroadcastQueue(int retransmitMult, IntSupplier clusterSize) {
		this.retransmitMult = retransmitMult;
		this.clusterSize = clusterSize;
	}

	/**
	 * How many times a message is sent in a cluster of a size.
	 * @param retransmitMult memberlist's {@code RetransmitMult}
	 * @param clusterSize the number of members
	 * @return the limit
	 */
	public static int retransmitLimit(int retransmitMult, int clusterSize) {
		int scale = (int) Math.ceil(Math.log10(clusterSize + 1.0));
		return retransmitMult * Math.max(scale, 0);
	}

	/**
	 * Queues a message.
	 * @param key the node the message is about, so that it replaces an older one; {@code null}
	 * for a message nothing replaces
	 * @param message the encoded message
	 * @param finished called when the message has been sent its last time or was replaced; may
	 * be {@code null}
	 */
	public void enqueue(@Nullable String key, byte[] message, @Nullable Runnable finished) {
		if (key != null) {
			Entry old = this.byKey.remove(key);
			if (old != null) {
				this.queue.remove(old);
				old.finish();
			}
		}
		Entry entry = new Entry(key, message, finished, this.nextId++);
		this.queue.add(entry);
		if (key != null) {
			this.byKey.put(key, entry);
		}
	}

	/**
	 * Takes the messages for one packet.
	 * @param overhead bytes each message costs beyond its own length (compound framing)
	 * @param limit the bytes available
	 * @return the messages, in the order chosen
	 */
	public List<byte[]> take(int overhead, int limit) {
		if (this.queue.isEmpty()) {
			return List.of();
		}
		int transmitLimit = retransmitLimit(this.retransmitMult, this.clusterSize.getAsInt());
		List<byte[]> chosen = new ArrayList<>();
		List<Entry> sent = new ArrayList<>();
		int used = 0;
		for (Entry entry : this.queue) {
			int cost = overhead + entry.message.length;
			if (used + cost > limit) {
				continue;
			}
			used += cost;
			chosen.add(entry.message);
			sent.add(entry);
			if (limit - used < overhead) {
				break;
			}
		}
		for (Entry entry : sent) {
			this.queue.remove(entry);
			entry.transmits++;
			if (entry.transmits >= transmitLimit) {
				if (entry.key != null) {
					this.byKey.remove(entry.key, entry);
				}
				entry.finish();
			}
			else {
				this.queue.add(entry);
			}
		}
		return chosen;
	}

	/**
	 * Returns how many messages wait.
	 * @return the number of queued messages
	 */
	public int size() {
		return this.queue.size();
	}

	/**
	 * Drops every message, telling their senders they are finished.
	 */
	public void clear() {
		for (Entry entry : this.queue) {
			entry.finish();
		}
		this.queue.clear();
		this.byKey.clear();
	}

	/**
	 * Drops the messages sent most often until at most {@code max} remain.
	 * @param max the most messages to keep
	 */
	public void prune(int max) {
		while (this.queue.size() > max) {
			Entry last = this.queue.pollLast();
			if (last.key != null) {
				this.byKey.remove(last.key, last);
			}
			last.finish();
		}
	}

	private static final class Entry implements Comparable<Entry> {

		private final @Nullable String key;

		private final byte[] message;

		private final @Nullable Runnable finished;

		private final long id;

		private int transmits;

		Entry(@Nullable String key, byte[] message, @Nullable Runnable finished, long id) {
			this.key = key;
			this.message = message;
			this.finished = finished;
			this.id = id;
		}

		void finish() {
			if (this.finished != null) {
				this.finished.run();
			}
		}

		@Override
		public int compareTo(Entry other) {
			if (this.transmits != other.transmits) {
				return Integer.compare(this.transmits, other.transmits);
			}
			if (this.message.length != other.message.length) {
				return Integer.compare(other.message.length, this.message.length);
			}
			return Long.compare(other.id, this.id);
		}

	}

}
