package dev.weir.gossip.simulation;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.Scheduler;

/**
 * One entry of a {@link Simulation}'s event queue: a task, when it is due, and who owns it.
 * The {@link EventQueue} orders events by due time, then by sequence (the order they were
 * scheduled in), so that two events due at the same instant always run in the same order.
 *
 * <p>Cancelling only marks the event: it stays in the queue until it is due and is then skipped,
 * which keeps cancelling O(1) (probe timeouts are cancelled all the time).
 */
final class Event implements Scheduler.Cancellable {

	final long dueNanos;

	final long sequence;

	final Runnable task;

	/**
	 * The node scheduler the task belongs to, or {@code null} for the network's own events.
	 */
	final @Nullable SimulatedScheduler owner;

	/**
	 * Who the task is for, in failure messages: a node name, or what the network delivers.
	 */
	final String label;

	boolean cancelled;

	Event(long dueNanos, long sequence, Runnable task, @Nullable SimulatedScheduler owner, String label) {
		this.dueNanos = dueNanos;
		this.sequence = sequence;
		this.task = task;
		this.owner = owner;
		this.label = label;
	}

	@Override
	public void cancel() {
		this.cancelled = true;
	}

	/**
	 * Whether the event is to be skipped: cancelled, or its node crashed.
	 * @return whether to skip it
	 */
	boolean skipped() {
		return this.cancelled || (this.owner != null && this.owner.isStopped());
	}

	@Override
	public String toString() {
		return "Event[dueNanos=" + this.dueNanos + ", sequence=" + this.sequence + ", label=" + this.label + "]";
	}

}
