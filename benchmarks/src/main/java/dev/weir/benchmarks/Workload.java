package dev.weir.benchmarks;

import java.time.Duration;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What every contender is asked to do in one run: how many distinct keys the requests spread
 * over, and whether the limit is out of reach (every decision admits) or spent (every decision
 * denies).
 *
 * <p>The same numbers configure every library, so that each contender decides the same
 * question: {@value #ADMIT_LIMIT} permits per {@link #WINDOW} when admitting, 1 when denying.
 */
@State(Scope.Benchmark)
public class Workload {

	/**
	 * The limit when every request should be admitted: the largest Weir accepts, so that no key
	 * comes near it within a run (a few hundred million decisions per iteration at most, and
	 * every contender is rebuilt before each iteration).
	 */
	static final int ADMIT_LIMIT = Integer.MAX_VALUE;

	/**
	 * The limit when every request should be denied: each key takes its one permit during
	 * setup, and the window is far longer than a run.
	 */
	static final int DENY_LIMIT = 1;

	/**
	 * The window of every contender: long enough that no refill matters within a run. Weir's
	 * windows are aligned to the epoch, so a day's window turns over at 00:00 UTC only.
	 */
	static final Duration WINDOW = Duration.ofDays(1);

	/**
	 * How many distinct keys the requests spread over: 1 (one hot key, as for a whole-service
	 * limit) or 10,000 (one key per client, more than fit in the L1 and L2 caches).
	 */
	@Param({ "1", "10000" })
	public int keys;

	/**
	 * Which path of the decision is measured: {@code admit} or {@code deny}.
	 */
	@Param({ "admit", "deny" })
	public String outcome;

	String[] names = new String[0];

	@Setup
	public void setUp() {
		if (!this.outcome.equals("admit") && !this.outcome.equals("deny")) {
			throw new IllegalArgumentException("outcome must be admit or deny: " + this.outcome);
		}
		this.names = new String[this.keys];
		for (int i = 0; i < this.keys; i++) {
			// Client-address-like keys, built once: the measured loop neither formats nor hashes
			// them (String caches its hash), so only the contenders' own work is timed.
			this.names[i] = "10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF);
			this.names[i].hashCode();
		}
	}

	boolean admits() {
		return this.outcome.equals("admit");
	}

	int limit() {
		return admits() ? ADMIT_LIMIT : DENY_LIMIT;
	}

}
