package dev.weir.benchmarks.federation.realtime;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.weir.limit.Decision;

/**
 * What became of each request of a row, written by the thread that decided it. Read only after
 * every request was decided (a latch orders the writes before the reads).
 */
final class Outcomes {

	/** The charged window of a denied request. */
	static final long DENIED = Long.MIN_VALUE;

	final long[] startedNanos;

	final long[] decidedNanos;

	final long[] decidedWallMillis;

	/** The coordinator window of the escrow an admission spent, or {@link #DENIED}. */
	final long[] chargedWindow;

	/**
	 * The window end an admission's decision implies minus the charged window's end, in
	 * milliseconds: from minus the lease's first half round trip to 0, plus the slip between
	 * the decision and reading the clock, if the attribution holds.
	 */
	final long[] endResidualMillis;

	private final long windowMillis;

	private final AtomicReference<@Nullable RuntimeException> error = new AtomicReference<>();

	Outcomes(int requests, long windowMillis) {
		this.startedNanos = new long[requests];
		this.decidedNanos = new long[requests];
		this.decidedWallMillis = new long[requests];
		this.chargedWindow = new long[requests];
		this.endResidualMillis = new long[requests];
		this.windowMillis = windowMillis;
	}

	/**
	 * Records a decision, read right after it returned. An admission's decision says how long
	 * its escrow lives: until the send of the lease that granted it plus the time the
	 * coordinator said its window still ran, which is the window's true end less the lease's
	 * way out. While that is under half a window, the window end nearest to it names the charged
	 * window.
	 */
	void decided(int request, long started, Decision decision, long decidedNanos, long wallMillis) {
		this.startedNanos[request] = started;
		this.decidedNanos[request] = decidedNanos;
		this.decidedWallMillis[request] = wallMillis;
		if (decision.allowed()) {
			long end = wallMillis + decision.resetAfterNanos() / 1_000_000L;
			long window = Math.floorDiv(end + this.windowMillis / 2, this.windowMillis) - 1;
			this.chargedWindow[request] = window;
			this.endResidualMillis[request] = end - (window + 1) * this.windowMillis;
		}
		else {
			this.chargedWindow[request] = DENIED;
		}
	}

	void failed(RuntimeException ex) {
		this.error.compareAndSet(null, ex);
	}

	/** The first exception a decision threw, if any. */
	@Nullable RuntimeException error() {
		return this.error.get();
	}

	boolean admitted(int request) {
		return this.chargedWindow[request] != DENIED;
	}

}
