package dev.weir.gossip;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BroadcastQueueTests {

	@Test
	void theRetransmitLimitGrowsWithTheLogarithmOfTheClusterSize() {
		assertThat(BroadcastQueue.retransmitLimit(4, 1)).isEqualTo(4);
		assertThat(BroadcastQueue.retransmitLimit(4, 3)).isEqualTo(4);
		assertThat(BroadcastQueue.retransmitLimit(4, 9)).isEqualTo(4);
		assertThat(BroadcastQueue.retransmitLimit(4, 10)).isEqualTo(8);
		assertThat(BroadcastQueue.retransmitLimit(4, 200)).isEqualTo(12);
	}

	@Test
	void aMessageIsSentExactlyItsRetransmitLimitThenFinished() {
		List<String> finished = new ArrayList<>();
		BroadcastQueue queue = new BroadcastQueue(4, () -> 3);
		queue.enqueue(null, bytes(10), () -> finished.add("done"));
		int sent = 0;
		while (!queue.take(2, 1400).isEmpty()) {
			sent++;
		}
		assertThat(sent).isEqualTo(4);
		assertThat(finished).containsExactly("done");
		assertThat(queue.size()).isZero();
	}

	@Test
	void theLeastSentMessagesGoFirst() {
		BroadcastQueue queue = new BroadcastQueue(4, () -> 3);
		byte[] first = bytes(10);
		queue.enqueue(null, first, null);
		queue.take(2, 1400);
		byte[] second = bytes(10);
		queue.enqueue(null, second, null);
		assertThat(queue.take(2, 14)).containsExactly(second);
	}

	@Test
	void amongEquallySentMessagesTheLargestThatFitsGoesFirst() {
		BroadcastQueue queue = new BroadcastQueue(4, () -> 3);
		byte[] small = bytes(5);
		byte[] large = bytes(50);
		byte[] tooLarge = bytes(500);
		queue.enqueue(null, small, null);
		queue.enqueue(null, tooLarge, null);
		queue.enqueue(null, large, null);
		assertThat(queue.take(2, 100)).containsExactly(large, small);
	}

	@Test
	void aMessageAboutANodeReplacesTheQueuedOneAboutTheSameNode() {
		List<String> finished = new ArrayList<>();
		BroadcastQueue queue = new BroadcastQueue(4, () -> 3);
		queue.enqueue("beta", bytes(10), () -> finished.add("old"));
		byte[] newer = bytes(12);
		queue.enqueue("beta", newer, () -> finished.add("new"));
		assertThat(finished).containsExactly("old");
		assertThat(queue.take(2, 1400)).containsExactly(newer);
	}

	@Test
	void messagesWithoutAKeyAreNeverReplaced() {
		BroadcastQueue queue = new BroadcastQueue(4, () -> 3);
		queue.enqueue(null, bytes(10), null);
		queue.enqueue(null, bytes(10), null);
		assertThat(queue.size()).isEqualTo(2);
	}

	@Test
	void pruningDropsTheMostSentMessagesFirst() {
		BroadcastQueue queue = new BroadcastQueue(4, () -> 3);
		byte[] old = bytes(10);
		queue.enqueue(null, old, null);
		queue.take(2, 1400);
		byte[] fresh = bytes(10);
		queue.enqueue(null, fresh, null);
		queue.prune(1);
		assertThat(queue.take(2, 1400)).containsExactly(fresh);
	}

	private static byte[] bytes(int length) {
		return new byte[length];
	}

}
