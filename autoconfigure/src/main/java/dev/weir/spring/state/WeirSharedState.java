package dev.weir.spring.state;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.weir.spring.cluster.WeirCluster;
import dev.weir.state.StateSync;

/**
 * Runs the state sync with the application: it starts once the cluster node runs and, when
 * there are peers to ask, waits (bounded) for a first full state exchange, so that the
 * application reports ready with the live counts; on shutdown it gossips its last changes
 * before the node leaves.
 */
public final class WeirSharedState implements SmartLifecycle {

	/**
	 * Starts after the cluster node and stops before it leaves.
	 */
	public static final int PHASE = WeirCluster.PHASE + 1;

	private static final Logger logger = LoggerFactory.getLogger(WeirSharedState.class);

	private final StateSync sync;

	private final boolean peersExpected;

	private final Duration initialSyncTimeout;

	private volatile boolean running;

	WeirSharedState(StateSync sync, boolean peersExpected, Duration initialSyncTimeout) {
		this.sync = Objects.requireNonNull(sync, "sync");
		this.peersExpected = peersExpected;
		this.initialSyncTimeout = initialSyncTimeout;
	}

	/**
	 * Returns the sync.
	 * @return the sync
	 */
	public StateSync sync() {
		return this.sync;
	}

	@Override
	public void start() {
		this.sync.start();
		this.running = true;
		if (this.peersExpected && !this.initialSyncTimeout.isZero()) {
			long deadline = System.nanoTime() + this.initialSyncTimeout.toNanos();
			while (this.sync.snapshotsMerged() == 0 && System.nanoTime() < deadline) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			if (this.sync.snapshotsMerged() == 0) {
				logger.info("No peer exchanged state within {}; starting with this node's counts only",
						this.initialSyncTimeout);
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.sync.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
