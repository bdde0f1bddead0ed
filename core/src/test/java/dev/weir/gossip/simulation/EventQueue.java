package dev.weir.gossip.simulation;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.Scheduler;

/**
 * The event queue of a {@link Simulation}, ordered by (due time, sequence): a binary min-heap,
 * plus a FIFO of events due at once.
 *
 * <p>Heap operations are most of a simulation's own cost, so two shortcuts. Keys live in arrays
 * of their own, so the sift loops read contiguous memory instead of events scattered over the
 * heap. And events due now ({@link Scheduler#execute}, which a node calls for every message it
 * receives) skip the heap: each has a later sequence than every queued event and a due time no
 * earlier than theirs, so appending it keeps the FIFO sorted, and the next event is the lesser of
 * the two heads.
 */
final class EventQueue {

	private final ArrayDeque<Event> dueNow = new ArrayDeque<>();

	private long[] due = new long[1024];

	private long[] sequence = new long[1024];

	private @Nullable Event[] events = new Event[1024];

	private int size;

	/**
	 * Adds an event due at the current time: its due time is no earlier, and its sequence is
	 * later, than those of every event already queued.
	 * @param event the event
	 */
	void addDueNow(Event event) {
		this.dueNow.addLast(event);
	}

	/**
	 * Adds an event.
	 * @param event the event
	 */
	void add(Event event) {
		if (this.size == this.events.length) {
			int capacity = this.size * 2;
			this.due = Arrays.copyOf(this.due, capacity);
			this.sequence = Arrays.copyOf(this.sequence, capacity);
			this.events = Arrays.copyOf(this.events, capacity);
		}
		int index = this.size++;
		// Sift up: move parents down until the new event's place is found.
		while (index > 0) {
			int parent = (index - 1) >>> 1;
			if (!before(event.dueNanos, event.sequence, parent)) {
				break;
			}
			move(parent, index);
			index = parent;
		}
		set(index, event);
	}

	/**
	 * Returns the first event without removing it.
	 * @return the first event, or {@code null} if the queue is empty
	 */
	@Nullable Event peek() {
		return heapFirst() ? this.events[0] : this.dueNow.peekFirst();
	}

	/**
	 * Removes the first event.
	 * @return the first event, or {@code null} if the queue is empty
	 */
	@Nullable Event poll() {
		return heapFirst() ? pollHeap() : this.dueNow.pollFirst();
	}

	/**
	 * Returns how many events are queued.
	 * @return the number of events
	 */
	int size() {
		return this.size + this.dueNow.size();
	}

	/**
	 * Returns whether the next event is the heap's rather than the FIFO's.
	 */
	private boolean heapFirst() {
		Event head = this.dueNow.peekFirst();
		return this.size > 0 && (head == null || before(this.due[0], this.sequence[0], head.dueNanos, head.sequence));
	}

	private @Nullable Event pollHeap() {
		Event first = this.events[0];
		int last = --this.size;
		Event moved = this.events[last];
		this.events[last] = null;
		if (last > 0 && moved != null) {
			long movedDue = this.due[last];
			long movedSequence = this.sequence[last];
			int index = 0;
			// Sift down: move the smaller child up until the moved event's place is found.
			int half = last >>> 1;
			while (index < half) {
				int child = 2 * index + 1;
				int right = child + 1;
				if (right < last && before(this.due[right], this.sequence[right], child)) {
					child = right;
				}
				if (!before(this.due[child], this.sequence[child], movedDue, movedSequence)) {
					break;
				}
				move(child, index);
				index = child;
			}
			set(index, moved);
		}
		return first;
	}

	private boolean before(long due, long sequence, int index) {
		return before(due, sequence, this.due[index], this.sequence[index]);
	}

	private static boolean before(long due, long sequence, long otherDue, long otherSequence) {
		return due < otherDue || (due == otherDue && sequence < otherSequence);
	}

	private void move(int from, int to) {
		this.due[to] = this.due[from];
		this.sequence[to] = this.sequence[from];
		this.events[to] = this.events[from];
	}

	private void set(int index, Event event) {
		this.due[index] = event.dueNanos;
		this.sequence[index] = event.sequence;
		this.events[index] = event;
	}

}
