package dev.weir.gossip.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import dev.weir.gossip.Scheduler;
import dev.weir.time.ManualClock;

/**
 * One virtual timeline on which many nodes run in one thread: a {@link ManualClock}, a seeded
 * random source, and a discrete-event queue.
 *
 * <p>Events are ordered by due time, then by the order they were scheduled in, and time moves
 * only from one event to the next: before an event runs, both readings of the clock advance to
 * its due time. Nothing sleeps and no thread is started, so hours of virtual time for hundreds
 * of nodes take seconds, and a run depends only on its seed. The same seed replays the same
 * events in the same order; {@link #fingerprint()} summarises that order so that two runs can
 * be compared.
 *
 * <p>A task that throws fails the run: {@link #runFor(Duration)} and
 * {@link #runUntil(BooleanSupplier, Duration)} throw an {@link AssertionError} that names the
 * node, the virtual time and the seed, with the exception as its cause. A node that crashes on
 * its input is a bug to see, not to log. Every later run throws the same error.
 *
 * <p>Not thread-safe: schedule and run from one thread. Scheduling from another thread while
 * the simulation runs (a node that started a thread of its own) fails the run too.
 */
public final class Simulation {

	/**
	 * The system property that overrides the seed of a simulation test, to replay a failed run.
	 */
	public static final String SEED_PROPERTY = "weir.sim.seed";

	/**
	 * A longer spelling of {@link #SEED_PROPERTY}, also accepted.
	 */
	public static final String SEED_PROPERTY_ALIAS = "weir.simulation.seed";

	/**
	 * Where the wall clock starts unless told otherwise: 2024-01-01T00:00:00Z. Fixed, so that
	 * window boundaries fall at the same virtual times in every run.
	 */
	public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

	/**
	 * How many events may run at one virtual instant before the run is failed as a livelock: a
	 * task that keeps rescheduling itself without delay would otherwise spin forever, since
	 * virtual time would never move.
	 */
	static final int MAX_EVENTS_PER_INSTANT = 1_000_000;

	private static final long FNV_OFFSET = 0xcbf29ce484222325L;

	private static final long FNV_PRIME = 0x100000001b3L;

	private final long seed;

	private final ManualClock clock;

	private final EventQueue queue = new EventQueue();

	private final Map<String, SimulatedScheduler> schedulers = new HashMap<>();

	private long sequence;

	private long eventsRun;

	private long fingerprint = FNV_OFFSET;

	private @Nullable Thread runner;

	private @Nullable AssertionError failure;

	/**
	 * Creates a simulation whose wall clock starts at {@link #DEFAULT_START}.
	 * @param seed the seed every random choice of the run derives from
	 */
	public Simulation(long seed) {
		this(seed, DEFAULT_START);
	}

	/**
	 * Creates a simulation.
	 * @param seed the seed every random choice of the run derives from
	 * @param start the wall time at which the clock starts; its monotonic reading starts at zero
	 */
	public Simulation(long seed, Instant start) {
		Objects.requireNonNull(start, "start");
		this.seed = seed;
		this.clock = new ManualClock(start.toEpochMilli());
	}

	/**
	 * Returns the seed of a simulation test: the value of the system property
	 * {@value #SEED_PROPERTY} (or {@value #SEED_PROPERTY_ALIAS}) if set, to replay a run, or
	 * else the given one.
	 * @param fallback the seed to use when no property is set
	 * @return the seed
	 * @throws IllegalArgumentException if the property is not a number
	 */
	public static long seedFromSystemPropertyOr(long fallback) {
		String value = System.getProperty(SEED_PROPERTY);
		String property = SEED_PROPERTY;
		if (value == null || value.isBlank()) {
			value = System.getProperty(SEED_PROPERTY_ALIAS);
			property = SEED_PROPERTY_ALIAS;
		}
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(property + " must be a long: " + value, ex);
		}
	}

	/**
	 * Returns the seed from the system property {@value #SEED_PROPERTY} if set, or else a
	 * fresh random one, so that repeated runs explore different schedules. Print it.
	 * @return the seed
	 */
	public static long seedFromSystemPropertyOrRandom() {
		return seedFromSystemPropertyOr(new SplittableRandom().nextLong());
	}

	/**
	 * Returns the seed of this run.
	 * @return the seed
	 */
	public long seed() {
		return this.seed;
	}

	/**
	 * Returns how to replay this run, for failure messages.
	 * @return {@code seed=… (replay with -Dweir.sim.seed=…)}
	 */
	public String replayHint() {
		return "seed=" + this.seed + " (replay with -D" + SEED_PROPERTY + "=" + this.seed + ")";
	}

	/**
	 * Returns the virtual clock. Advancing it by hand is allowed but rarely wise: events due
	 * in the skipped interval then run late.
	 * @return the clock
	 */
	public ManualClock clock() {
		return this.clock;
	}

	/**
	 * Returns the virtual time elapsed since the simulation started.
	 * @return the elapsed time
	 */
	public Duration now() {
		return Duration.ofNanos(nowNanos());
	}

	/**
	 * Returns a random source for one purpose, such as a node (name it {@code "node-7"}) or the
	 * network. It depends only on the seed and the purpose, not on the order in which sources
	 * are asked for, so adding a node does not change what the others draw. The same purpose
	 * gives the same sequence every time it is asked for: give a restarted node a new purpose.
	 * @param purpose what the numbers are for
	 * @return a new random source
	 */
	public SplittableRandom random(String purpose) {
		Objects.requireNonNull(purpose, "purpose");
		long hash = FNV_OFFSET;
		for (int i = 0; i < purpose.length(); i++) {
			hash = (hash ^ purpose.charAt(i)) * FNV_PRIME;
		}
		// split() gives the stream a gamma of its own, so that streams of nearby seeds never
		// overlap as shifted copies of each other.
		return new SplittableRandom(this.seed ^ hash).split();
	}

	/**
	 * Returns the running scheduler of a node, creating one if the node has none or if its
	 * last one was stopped (a restart).
	 * @param nodeName the node's name
	 * @return the node's scheduler
	 */
	public SimulatedScheduler scheduler(String nodeName) {
		Objects.requireNonNull(nodeName, "nodeName");
		SimulatedScheduler scheduler = this.schedulers.get(nodeName);
		if (scheduler == null || scheduler.isStopped()) {
			scheduler = new SimulatedScheduler(this, nodeName);
			this.schedulers.put(nodeName, scheduler);
		}
		return scheduler;
	}

	/**
	 * Stops a node's scheduler, as a crash does: its pending and later tasks never run. Does
	 * nothing if the node has no running scheduler.
	 * @param nodeName the node's name
	 */
	public void stopScheduler(String nodeName) {
		SimulatedScheduler scheduler = this.schedulers.get(nodeName);
		if (scheduler != null) {
			scheduler.stop();
		}
	}

	/**
	 * Schedules a task of the test itself, owned by no node, such as "partition the network
	 * after a minute".
	 * @param delay the virtual delay; a negative one counts as zero
	 * @param task the task
	 * @return a handle that cancels it
	 */
	public Scheduler.Cancellable schedule(Duration delay, Runnable task) {
		Objects.requireNonNull(delay, "delay");
		Objects.requireNonNull(task, "task");
		return enqueue(saturatedNanos(delay), task, null, "test");
	}

	/**
	 * Runs every event due within a virtual duration, then leaves the clock at its end.
	 * @param duration how much virtual time to run, zero or more
	 * @throws AssertionError if a task threw, naming the seed
	 */
	public void runFor(Duration duration) {
		Objects.requireNonNull(duration, "duration");
		if (duration.isNegative()) {
			throw new IllegalArgumentException("duration must not be negative: " + duration);
		}
		run(saturatedAdd(nowNanos(), saturatedNanos(duration)), null);
	}

	/**
	 * Runs events until a condition holds, checked at most once per {@code checkEvery} of virtual
	 * time and once more at the end, or until a virtual duration has passed: for conditions that
	 * cost too much to check after every event, such as convergence of hundreds of members. The
	 * clock stays at the event after which the condition was found to hold.
	 * @param condition what to wait for
	 * @param max the most virtual time to run
	 * @param checkEvery the least virtual time between two checks
	 * @return whether the condition holds
	 * @throws AssertionError if a task threw, naming the seed
	 */
	public boolean runUntil(BooleanSupplier condition, Duration max, Duration checkEvery) {
		Objects.requireNonNull(condition, "condition");
		long step = saturatedNanos(Objects.requireNonNull(checkEvery, "checkEvery"));
		long[] due = { nowNanos() };
		BooleanSupplier throttled = () -> {
			long now = nowNanos();
			if (now < due[0]) {
				return false;
			}
			due[0] = saturatedAdd(now, step);
			return condition.getAsBoolean();
		};
		return runUntil(throttled, max) || condition.getAsBoolean();
	}

	/**
	 * Runs events until a condition holds, checked before the first and after each event, or
	 * until a virtual duration has passed. The clock stays at the event after which the
	 * condition held, or else moves to the end of the duration.
	 * @param condition what to wait for
	 * @param max the most virtual time to run
	 * @return whether the condition holds
	 * @throws AssertionError if a task threw, naming the seed
	 */
	public boolean runUntil(BooleanSupplier condition, Duration max) {
		Objects.requireNonNull(condition, "condition");
		Objects.requireNonNull(max, "max");
		if (max.isNegative()) {
			throw new IllegalArgumentException("max must not be negative: " + max);
		}
		return run(saturatedAdd(nowNanos(), saturatedNanos(max)), condition);
	}

	/**
	 * Returns how many events ran so far, not counting cancelled or dropped ones.
	 * @return the number of events run
	 */
	public long eventsRun() {
		return this.eventsRun;
	}

	/**
	 * Returns how many events are queued, including cancelled ones not yet discarded.
	 * @return the number of queued events
	 */
	public int pendingEvents() {
		return this.queue.size();
	}

	/**
	 * Returns a hash of the due time and owner of every event run so far: two runs with equal
	 * fingerprints ran the same events in the same order, as runs of the same seed must.
	 * @return the fingerprint
	 */
	public long fingerprint() {
		return this.fingerprint;
	}

	@Override
	public String toString() {
		return "Simulation[seed=" + this.seed + ", now=" + now() + ", eventsRun=" + this.eventsRun + ", pending="
				+ this.queue.size() + "]";
	}

	long nowNanos() {
		return this.clock.monotonicNanos();
	}

	/**
	 * Queues a task.
	 * @param delayNanos the delay from now, zero or more
	 * @param task the task
	 * @param owner the node scheduler it belongs to, or {@code null}
	 * @param label who it is for, in failure messages
	 * @return the event, which cancels it
	 */
	Event enqueue(long delayNanos, Runnable task, @Nullable SimulatedScheduler owner, String label) {
		Thread runner = this.runner;
		if (runner != null && runner != Thread.currentThread()) {
			IllegalStateException ex = new IllegalStateException("Thread " + Thread.currentThread().getName()
					+ " scheduled a task for " + label + " while the simulation runs on " + runner.getName());
			recordFailure(new AssertionError(
					"A task was scheduled from another thread at t=" + now() + "; " + replayHint(), ex));
			throw ex;
		}
		Event event = new Event(saturatedAdd(nowNanos(), Math.max(0, delayNanos)), this.sequence++, task, owner,
				label);
		if (delayNanos <= 0) {
			this.queue.addDueNow(event);
		}
		else {
			this.queue.add(event);
		}
		return event;
	}

	private boolean run(long deadlineNanos, @Nullable BooleanSupplier condition) {
		if (this.runner != null) {
			throw new IllegalStateException("The simulation is already running: a task cannot run it");
		}
		throwIfFailed();
		this.runner = Thread.currentThread();
		try {
			if (condition != null && condition.getAsBoolean()) {
				return true;
			}
			long instant = Long.MIN_VALUE;
			int eventsAtInstant = 0;
			Event event;
			while ((event = this.queue.peek()) != null && event.dueNanos <= deadlineNanos) {
				this.queue.poll();
				if (event.skipped()) {
					continue;
				}
				advanceTo(event.dueNanos);
				if (event.dueNanos != instant) {
					instant = event.dueNanos;
					eventsAtInstant = 0;
				}
				else if (++eventsAtInstant > MAX_EVENTS_PER_INSTANT) {
					recordFailure(new AssertionError("More than " + MAX_EVENTS_PER_INSTANT + " events ran at t=" + now()
							+ " without time moving, the last for " + event.label + ": a livelock; " + replayHint()));
					throwIfFailed();
				}
				runEvent(event);
				if (condition != null && condition.getAsBoolean()) {
					return true;
				}
			}
			advanceTo(deadlineNanos);
			return condition != null && condition.getAsBoolean();
		}
		finally {
			this.runner = null;
		}
	}

	private void runEvent(Event event) {
		this.eventsRun++;
		this.fingerprint = (this.fingerprint ^ event.dueNanos) * FNV_PRIME;
		this.fingerprint = (this.fingerprint ^ event.label.hashCode()) * FNV_PRIME;
		try {
			event.task.run();
		}
		catch (Throwable ex) {
			recordFailure(new AssertionError(
					"A task for " + event.label + " threw at t=" + now() + ": " + ex + "; " + replayHint(), ex));
		}
		throwIfFailed();
	}

	private void recordFailure(AssertionError error) {
		if (this.failure == null) {
			this.failure = error;
		}
	}

	private void throwIfFailed() {
		AssertionError failure = this.failure;
		if (failure != null) {
			throw failure;
		}
	}

	private void advanceTo(long nanos) {
		long now = this.clock.monotonicNanos();
		if (nanos > now) {
			this.clock.advanceNanos(nanos - now);
		}
	}

	static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	static long saturatedAdd(long a, long b) {
		long sum = a + b;
		// Overflow only if both have the same sign and the sum's sign differs.
		if (((a ^ sum) & (b ^ sum)) < 0) {
			return (b < 0) ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		return sum;
	}

}
