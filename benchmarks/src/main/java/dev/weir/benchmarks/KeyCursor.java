package dev.weir.benchmarks;

import java.util.Random;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Picks the key of each request for one benchmark thread: its own shuffled order of the
 * workload's keys, walked round and round by an index.
 *
 * <p>The order is random, so successive requests touch unrelated keys and table slots as real
 * traffic would, but choosing a key costs one array load, an increment and a compare: the
 * same for every contender, and small next to any of them. Each thread shuffles with its own
 * seed, so with two threads they meet on the same key only by chance.
 */
@State(Scope.Thread)
public class KeyCursor {

	private String[] order = new String[0];

	private int next;

	@Setup
	public void setUp(Workload workload, ThreadParams thread) {
		this.order = workload.names.clone();
		Random random = new Random(42 + thread.getThreadIndex());
		for (int i = this.order.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			String swap = this.order[i];
			this.order[i] = this.order[j];
			this.order[j] = swap;
		}
		this.next = 0;
	}

	/**
	 * Returns the key of the next request.
	 * @return a key
	 */
	String next() {
		String key = this.order[this.next];
		if (++this.next == this.order.length) {
			this.next = 0;
		}
		return key;
	}

}
