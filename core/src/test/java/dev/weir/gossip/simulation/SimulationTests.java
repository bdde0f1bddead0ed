package dev.weir.gossip.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.weir.gossip.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link Simulation} and {@link SimulatedScheduler}: the virtual timeline.
 */
class SimulationTests {

	@Test
	void sameSeedRunsSameEventsInSameOrder() {
		List<String> first = tickingNodes(42);
		List<String> second = tickingNodes(42);
		assertThat(first).hasSizeGreaterThan(1000).isEqualTo(second);
	}

	@Test
	void otherSeedRunsOtherSchedule() {
		assertThat(tickingNodes(42)).isNotEqualTo(tickingNodes(43));
	}

	@Test
	void sameSeedGivesSameFingerprint() {
		Simulation one = new Simulation(7);
		Simulation two = new Simulation(7);
		tick(one, 10);
		tick(two, 10);
		one.runFor(Duration.ofMinutes(1));
		two.runFor(Duration.ofMinutes(1));
		assertThat(one.eventsRun()).isEqualTo(two.eventsRun()).isPositive();
		assertThat(one.fingerprint()).isEqualTo(two.fingerprint());
		Simulation other = new Simulation(8);
		tick(other, 10);
		other.runFor(Duration.ofMinutes(1));
		assertThat(other.fingerprint()).isNotEqualTo(one.fingerprint());
	}

	@Test
	void eventsDueAtSameInstantRunInSchedulingOrder() {
		Simulation simulation = new Simulation(1);
		List<String> order = new ArrayList<>();
		simulation.scheduler("b").schedule(Duration.ofSeconds(1), () -> order.add("b1"));
		simulation.scheduler("a").schedule(Duration.ofSeconds(1), () -> order.add("a1"));
		simulation.scheduler("b").schedule(Duration.ofSeconds(1), () -> order.add("b2"));
		simulation.scheduler("a").schedule(Duration.ofMillis(999), () -> order.add("a0"));
		simulation.runFor(Duration.ofSeconds(2));
		assertThat(order).containsExactly("a0", "b1", "a1", "b2");
	}

	@Test
	void executeRunsAfterTasksAlreadyDue() {
		Simulation simulation = new Simulation(1);
		SimulatedScheduler scheduler = simulation.scheduler("a");
		List<String> order = new ArrayList<>();
		scheduler.schedule(Duration.ZERO, () -> {
			order.add("first");
			scheduler.execute(() -> order.add("executed"));
		});
		scheduler.schedule(Duration.ZERO, () -> order.add("second"));
		simulation.runFor(Duration.ZERO);
		assertThat(order).containsExactly("first", "second", "executed");
	}

	@Test
	void timeAdvancesOnlyThroughEvents() {
		Simulation simulation = new Simulation(1);
		long startWall = simulation.clock().wallTimeMillis();
		List<Long> monotonic = new ArrayList<>();
		List<Long> wall = new ArrayList<>();
		simulation.scheduler("a").schedule(Duration.ofMillis(5_250), () -> {
			monotonic.add(simulation.clock().monotonicNanos());
			wall.add(simulation.clock().wallTimeMillis());
		});
		assertThat(simulation.now()).isZero();
		assertThat(simulation.clock().monotonicNanos()).isZero();
		simulation.runFor(Duration.ofSeconds(5));
		assertThat(monotonic).isEmpty();
		assertThat(simulation.now()).isEqualTo(Duration.ofSeconds(5));
		simulation.runFor(Duration.ofSeconds(5));
		assertThat(monotonic).containsExactly(5_250_000_000L);
		assertThat(wall).containsExactly(startWall + 5_250);
		assertThat(simulation.now()).isEqualTo(Duration.ofSeconds(10));
		assertThat(simulation.clock().wallTimeMillis()).isEqualTo(startWall + 10_000);
	}

	@Test
	void wallClockStartsAtDefaultStart() {
		assertThat(new Simulation(1).clock().wallTimeMillis()).isEqualTo(Simulation.DEFAULT_START.toEpochMilli());
	}

	@Test
	void runUntilStopsAtEventAfterWhichConditionHolds() {
		Simulation simulation = new Simulation(1);
		AtomicInteger count = new AtomicInteger();
		for (int i = 1; i <= 3; i++) {
			simulation.scheduler("a").schedule(Duration.ofSeconds(i), count::incrementAndGet);
		}
		assertThat(simulation.runUntil(() -> count.get() == 2, Duration.ofSeconds(10))).isTrue();
		assertThat(simulation.now()).isEqualTo(Duration.ofSeconds(2));
		assertThat(count).hasValue(2);
	}

	@Test
	void runUntilChecksConditionBeforeFirstEvent() {
		Simulation simulation = new Simulation(1);
		AtomicInteger count = new AtomicInteger();
		simulation.scheduler("a").execute(count::incrementAndGet);
		assertThat(simulation.runUntil(() -> true, Duration.ofSeconds(10))).isTrue();
		assertThat(count).hasValue(0);
	}

	@Test
	void runUntilGivesUpAtMax() {
		Simulation simulation = new Simulation(1);
		AtomicInteger count = new AtomicInteger();
		simulation.scheduler("a").schedule(Duration.ofSeconds(20), count::incrementAndGet);
		assertThat(simulation.runUntil(() -> count.get() > 0, Duration.ofSeconds(10))).isFalse();
		assertThat(simulation.now()).isEqualTo(Duration.ofSeconds(10));
		assertThat(count).hasValue(0);
	}

	@Test
	void cancelledTaskDoesNotRun() {
		Simulation simulation = new Simulation(1);
		AtomicInteger count = new AtomicInteger();
		Scheduler.Cancellable task = simulation.scheduler("a").schedule(Duration.ofSeconds(1), count::incrementAndGet);
		simulation.scheduler("a").schedule(Duration.ofMillis(500), task::cancel);
		simulation.runFor(Duration.ofSeconds(2));
		assertThat(count).hasValue(0);
		assertThat(simulation.eventsRun()).isEqualTo(1);
	}

	@Test
	void negativeDelayCountsAsZero() {
		Simulation simulation = new Simulation(1);
		simulation.runFor(Duration.ofSeconds(1));
		List<Duration> ranAt = new ArrayList<>();
		simulation.scheduler("a").schedule(Duration.ofSeconds(-5), () -> ranAt.add(simulation.now()));
		simulation.runFor(Duration.ZERO);
		assertThat(ranAt).containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void stoppedSchedulerDropsPendingAndLaterTasks() {
		Simulation simulation = new Simulation(1);
		List<String> ran = new ArrayList<>();
		SimulatedScheduler crashed = simulation.scheduler("a");
		crashed.schedule(Duration.ofSeconds(2), () -> ran.add("pending"));
		simulation.scheduler("b").schedule(Duration.ofSeconds(2), () -> ran.add("other node"));
		simulation.scheduler("a").schedule(Duration.ofSeconds(1), () -> {
			simulation.stopScheduler("a");
			crashed.execute(() -> ran.add("later"));
			crashed.schedule(Duration.ZERO, () -> ran.add("later"));
		});
		simulation.runFor(Duration.ofSeconds(3));
		assertThat(ran).containsExactly("other node");
		assertThat(crashed.isStopped()).isTrue();
	}

	@Test
	void restartedNodeGetsFreshScheduler() {
		Simulation simulation = new Simulation(1);
		SimulatedScheduler first = simulation.scheduler("a");
		assertThat(simulation.scheduler("a")).isSameAs(first);
		first.stop();
		SimulatedScheduler second = simulation.scheduler("a");
		assertThat(second).isNotSameAs(first);
		AtomicInteger count = new AtomicInteger();
		second.execute(count::incrementAndGet);
		simulation.runFor(Duration.ZERO);
		assertThat(count).hasValue(1);
		assertThat(second.nodeName()).isEqualTo("a");
	}

	@Test
	void taskThatThrowsFailsRunWithSeed() {
		Simulation simulation = new Simulation(99);
		simulation.scheduler("node-1").schedule(Duration.ofSeconds(3), () -> {
			throw new IllegalStateException("boom");
		});
		AtomicInteger after = new AtomicInteger();
		simulation.scheduler("node-2").schedule(Duration.ofSeconds(4), after::incrementAndGet);
		assertThatThrownBy(() -> simulation.runFor(Duration.ofSeconds(10))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("node-1")
			.hasMessageContaining("PT3S")
			.hasMessageContaining("seed=99")
			.hasMessageContaining("-Dweir.sim.seed=99")
			.hasCauseInstanceOf(IllegalStateException.class);
		assertThat(simulation.now()).isEqualTo(Duration.ofSeconds(3));
		assertThatThrownBy(() -> simulation.runFor(Duration.ofSeconds(10))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("seed=99");
		assertThat(after).hasValue(0);
	}

	@Test
	void runningFromTaskFailsRun() {
		Simulation simulation = new Simulation(5);
		simulation.scheduler("a").execute(() -> simulation.runFor(Duration.ofSeconds(1)));
		assertThatThrownBy(() -> simulation.runFor(Duration.ofSeconds(1))).isInstanceOf(AssertionError.class)
			.cause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("already running");
	}

	@Test
	void taskReschedulingItselfWithoutDelayFailsAsLivelock() {
		Simulation simulation = new Simulation(5);
		SimulatedScheduler scheduler = simulation.scheduler("spinner");
		Runnable spin = new Runnable() {

			@Override
			public void run() {
				scheduler.execute(this);
			}

		};
		scheduler.execute(spin);
		assertThatThrownBy(() -> simulation.runFor(Duration.ofSeconds(1))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("livelock")
			.hasMessageContaining("spinner")
			.hasMessageContaining("seed=5");
	}

	@Test
	void schedulingFromAnotherThreadWhileRunningFailsRun() {
		Simulation simulation = new Simulation(5);
		SimulatedScheduler scheduler = simulation.scheduler("a");
		scheduler.execute(() -> {
			Thread thread = new Thread(() -> {
				try {
					scheduler.execute(() -> {
					});
				}
				catch (IllegalStateException expected) {
					// recorded by the simulation
				}
			});
			thread.start();
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		assertThatThrownBy(() -> simulation.runFor(Duration.ofSeconds(1))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("another thread");
	}

	@Test
	void negativeDurationIsRejected() {
		Simulation simulation = new Simulation(1);
		assertThatIllegalArgumentException().isThrownBy(() -> simulation.runFor(Duration.ofSeconds(-1)))
			.withMessage("duration must not be negative: PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> simulation.runUntil(() -> false, Duration.ofSeconds(-1)))
			.withMessage("max must not be negative: PT-1S");
	}

	@Test
	void testTasksRunOnTimeline() {
		Simulation simulation = new Simulation(1);
		List<Duration> ranAt = new ArrayList<>();
		simulation.schedule(Duration.ofMinutes(1), () -> ranAt.add(simulation.now()));
		simulation.runFor(Duration.ofHours(1));
		assertThat(ranAt).containsExactly(Duration.ofMinutes(1));
	}

	@Test
	void randomDependsOnlyOnSeedAndPurpose() {
		Simulation one = new Simulation(3);
		Simulation two = new Simulation(3);
		SplittableRandom b = two.random("node-b");
		SplittableRandom a = two.random("node-a");
		assertThat(draws(one.random("node-a"))).isEqualTo(draws(a));
		assertThat(draws(one.random("node-b"))).isEqualTo(draws(b));
		assertThat(draws(one.random("node-a"))).isNotEqualTo(draws(one.random("node-b")));
		assertThat(draws(one.random("node-a"))).isNotEqualTo(draws(new Simulation(4).random("node-a")));
	}

	@Test
	void seedComesFromSystemPropertyWhenSet() {
		String saved = System.getProperty(Simulation.SEED_PROPERTY);
		String savedAlias = System.getProperty(Simulation.SEED_PROPERTY_ALIAS);
		try {
			System.clearProperty(Simulation.SEED_PROPERTY);
			System.clearProperty(Simulation.SEED_PROPERTY_ALIAS);
			assertThat(Simulation.seedFromSystemPropertyOr(11)).isEqualTo(11);
			System.setProperty(Simulation.SEED_PROPERTY_ALIAS, "-12");
			assertThat(Simulation.seedFromSystemPropertyOr(11)).isEqualTo(-12);
			System.setProperty(Simulation.SEED_PROPERTY, " 13 ");
			assertThat(Simulation.seedFromSystemPropertyOr(11)).isEqualTo(13);
			assertThat(Simulation.seedFromSystemPropertyOrRandom()).isEqualTo(13);
			System.setProperty(Simulation.SEED_PROPERTY, "thirteen");
			assertThatIllegalArgumentException().isThrownBy(() -> Simulation.seedFromSystemPropertyOr(11))
				.withMessage("weir.sim.seed must be a long: thirteen");
		}
		finally {
			restore(Simulation.SEED_PROPERTY, saved);
			restore(Simulation.SEED_PROPERTY_ALIAS, savedAlias);
		}
	}

	@Test
	void toStringShowsSeed() {
		Simulation simulation = new Simulation(1234);
		assertThat(simulation).hasToString("Simulation[seed=1234, now=PT0S, eventsRun=0, pending=0]");
		assertThat(simulation.replayHint()).isEqualTo("seed=1234 (replay with -Dweir.sim.seed=1234)");
	}

	@Test
	void schedulerRejectsNullTask() {
		SimulatedScheduler scheduler = new Simulation(1).scheduler("a");
		assertThatThrownBy(() -> scheduler.execute(null)).isInstanceOf(NullPointerException.class).hasMessage("task");
	}

	/**
	 * Twenty nodes that each tick at random intervals for a virtual minute, recording what ran
	 * when.
	 */
	private static List<String> tickingNodes(long seed) {
		Simulation simulation = new Simulation(seed);
		List<String> trace = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String name = "node-" + i;
			SimulatedScheduler scheduler = simulation.scheduler(name);
			SplittableRandom random = simulation.random(name);
			Runnable tick = new Runnable() {

				private int count;

				@Override
				public void run() {
					trace.add(simulation.now().toNanos() + " " + name + " " + this.count++);
					scheduler.schedule(Duration.ofMillis(random.nextInt(1, 1000)), this);
				}

			};
			scheduler.schedule(Duration.ofMillis(random.nextInt(1000)), tick);
		}
		simulation.runFor(Duration.ofMinutes(1));
		return trace;
	}

	private static void tick(Simulation simulation, int nodes) {
		for (int i = 0; i < nodes; i++) {
			SimulatedScheduler scheduler = simulation.scheduler("node-" + i);
			SplittableRandom random = simulation.random("node-" + i);
			Runnable tick = new Runnable() {

				@Override
				public void run() {
					scheduler.schedule(Duration.ofNanos(random.nextLong(1, 1_000_000_000L)), this);
				}

			};
			scheduler.execute(tick);
		}
	}

	private static long[] draws(SplittableRandom random) {
		return random.longs(8).toArray();
	}

	private static void restore(String key, String value) {
		if (value != null) {
			System.setProperty(key, value);
		}
		else {
			System.clearProperty(key);
		}
	}

}
