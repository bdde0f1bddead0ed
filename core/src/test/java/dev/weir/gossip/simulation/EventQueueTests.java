package dev.weir.gossip.simulation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventQueue}, against a sorted set as the model.
 */
class EventQueueTests {

	private static final Comparator<Event> ORDER = Comparator.<Event>comparingLong((event) -> event.dueNanos)
		.thenComparingLong((event) -> event.sequence);

	@Test
	void emptyQueueHasNoEvent() {
		EventQueue queue = new EventQueue();
		assertThat(queue.peek()).isNull();
		assertThat(queue.poll()).isNull();
		assertThat(queue.size()).isZero();
	}

	@Test
	void pollsInOrderOfDueTimeThenSequence() {
		EventQueue queue = new EventQueue();
		queue.add(event(5, 0));
		queue.add(event(3, 1));
		queue.add(event(5, 2));
		queue.add(event(3, 3));
		List<Long> sequences = new ArrayList<>();
		for (Event event = queue.poll(); event != null; event = queue.poll()) {
			sequences.add(event.sequence);
		}
		assertThat(sequences).containsExactly(1L, 3L, 0L, 2L);
	}

	@Test
	void eventsDueNowRunAfterHeapEventsDueAtSameTimeWithLowerSequence() {
		EventQueue queue = new EventQueue();
		queue.add(event(10, 0));
		queue.add(event(10, 1));
		queue.add(event(11, 2));
		assertThat(queue.poll().sequence).isZero();
		queue.addDueNow(event(10, 3));
		assertThat(queue.poll().sequence).isEqualTo(1);
		assertThat(queue.peek().sequence).isEqualTo(3);
		assertThat(queue.poll().sequence).isEqualTo(3);
		assertThat(queue.poll().sequence).isEqualTo(2);
	}

	@Test
	void matchesSortedModelUnderRandomOperations() {
		SplittableRandom random = new SplittableRandom(2024);
		EventQueue queue = new EventQueue();
		TreeSet<Event> model = new TreeSet<>(ORDER);
		long now = 0;
		long sequence = 0;
		for (int i = 0; i < 200_000; i++) {
			int operation = random.nextInt(10);
			if (operation < 3) {
				Event event = event(now, sequence++);
				queue.addDueNow(event);
				model.add(event);
			}
			else if (operation < 6) {
				Event event = event(now + random.nextLong(1, 50), sequence++);
				queue.add(event);
				model.add(event);
			}
			else {
				Event expected = model.pollFirst();
				assertThat(queue.peek()).isSameAs(expected);
				assertThat(queue.poll()).isSameAs(expected);
				if (expected != null) {
					now = expected.dueNanos;
				}
			}
			assertThat(queue.size()).isEqualTo(model.size());
		}
	}

	private static Event event(long dueNanos, long sequence) {
		return new Event(dueNanos, sequence, () -> {
		}, null, "test");
	}

}
