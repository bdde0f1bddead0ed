package dev.weir.gossip.simulation;

import java.time.Duration;
import java.util.Objects;

import dev.weir.gossip.Scheduler;

/**
 * A node's {@link Scheduler} on a {@link Simulation}'s virtual timeline: its tasks are events of
 * the simulation's queue, run in one thread with every other node's.
 *
 * <p>Stopping it is how a node crashes: its pending tasks are dropped when they come due, and
 * new ones are ignored, as {@link dev.weir.gossip.EventLoop} ignores tasks after shutdown. A
 * restarted node gets a fresh scheduler from {@link Simulation#scheduler(String)}.
 */
public final class SimulatedScheduler implements Scheduler {

	private static final Cancellable NOTHING = () -> {
	};

	private final Simulation simulation;

	private final String nodeName;

	private boolean stopped;

	SimulatedScheduler(Simulation simulation, String nodeName) {
		this.simulation = simulation;
		this.nodeName = nodeName;
	}

	/**
	 * Runs a task at the current virtual time, after every event already due then.
	 * @param task the task
	 */
	@Override
	public void execute(Runnable task) {
		Objects.requireNonNull(task, "task");
		if (!this.stopped) {
			this.simulation.enqueue(0, task, this, this.nodeName);
		}
	}

	/**
	 * Runs a task after a virtual delay; a negative delay counts as zero.
	 * @param delay the delay
	 * @param task the task
	 * @return a handle that cancels it
	 */
	@Override
	public Cancellable schedule(Duration delay, Runnable task) {
		Objects.requireNonNull(delay, "delay");
		Objects.requireNonNull(task, "task");
		if (this.stopped) {
			return NOTHING;
		}
		return this.simulation.enqueue(Simulation.saturatedNanos(delay), task, this, this.nodeName);
	}

	/**
	 * Stops the scheduler for good, as a crash stops a node: pending and later tasks never run.
	 */
	public void stop() {
		this.stopped = true;
	}

	/**
	 * Returns whether the scheduler was stopped.
	 * @return whether it was stopped
	 */
	public boolean isStopped() {
		return this.stopped;
	}

	/**
	 * Returns the name of the node whose tasks this scheduler runs.
	 * @return the node's name
	 */
	public String nodeName() {
		return this.nodeName;
	}

	@Override
	public String toString() {
		return "SimulatedScheduler[" + this.nodeName + (this.stopped ? ", stopped]" : "]");
	}

}
