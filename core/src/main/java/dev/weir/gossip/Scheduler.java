package dev.weir.gossip;

import java.time.Duration;

/**
 * Runs a node's tasks one at a time, now or later: its event loop. All protocol state is
 * touched only from tasks of its scheduler, so it needs no locks. Production runs one thread
 * per node; simulations run every node's tasks on virtual time in one thread.
 */
public interface Scheduler {

	/**
	 * Runs a task as soon as possible, after the tasks already due.
	 * @param task the task
	 */
	void execute(Runnable task);

	/**
	 * Runs a task after a delay.
	 * @param delay the delay
	 * @param task the task
	 * @return a handle to cancel it
	 */
	Cancellable schedule(Duration delay, Runnable task);

	/**
	 * A task that can still be cancelled.
	 */
	interface Cancellable {

		/**
		 * Cancels the task if it has not run yet.
		 */
		void cancel();

	}

}
