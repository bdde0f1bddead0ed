package dev.weir.benchmarks.federation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.FederationConfig;
import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;

/**
 * One seeded run of open-loop Poisson arrivals on virtual time, as a discrete-event simulation
 * on one thread. Each instance has its own clock: a request is decided when it arrives, or when
 * the lease it waits for returns ({@link Instance}); a lease moves only its sender's clock. A
 * decision starting at s is simulated at s + d₁, the time its lease (if it needs one) reaches
 * the coordinator, with d₁ drawn beforehand, so that leases of different instances reach the
 * coordinator in the order they would. Other events run at their time: arrivals, and per
 * instance the Spring schedule's give-backs every 5 ms and probes every probe interval / 5,
 * each skipped while the key is in flight. Ties run in the order they were scheduled.
 */
final class OpenLoopRun {

	/** Epoch-aligned origin for every window length used. */
	private static final long ORIGIN_MILLIS = 1_700_000_000_000L;

	private static final long ARRIVAL_SEED = 42;

	private static final int INSTANCE_BITS = 8;

	static final long QUIET_NANOS = 5_000_000L;

	static final long IDLE_NANOS = 500_000_000L;

	private enum Kind {
		DECIDE, GIVE_BACK, PROBE
	}

	private record Event(long at, long seq, Kind kind, Instance instance, long oneWay)
			implements Comparable<Event> {

		@Override
		public int compareTo(Event other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.seq, other.seq);
		}

	}

	private final Scenario scenario;

	private final Tally tally;

	private final SimCoordinator coordinator;

	private final List<Instance> instances = new ArrayList<>();

	private final PriorityQueue<Event> events = new PriorityQueue<>();

	private final long endNanos;

	private long seq;

	private final long[] arrivals;

	private int next;

	/** The latest event time run so far. */
	private long now;

	private OpenLoopRun(Scenario scenario) {
		this.scenario = scenario;
		this.endNanos = scenario.windows() * scenario.windowNanos();
		this.tally = new Tally(scenario.windows(), scenario.windowNanos(), ORIGIN_MILLIS / scenario.windowMillis(),
				scenario.regions());
		SplittableRandom random = new SplittableRandom(ARRIVAL_SEED + 1);
		this.coordinator = new SimCoordinator(scenario, ORIGIN_MILLIS, random.nextLong(), this.tally, this::advance);
		// A deposit may be seen only once no operation of an earlier time can still run.
		LongSupplier seen = () -> this.now - this.coordinator.maxOneWay();
		LimitPolicy policy = LimitPolicy.of("eval", Scenario.LIMIT, Duration.ofMillis(scenario.windowMillis()),
				Algorithm.FIXED_WINDOW);
		long probeEvery = Math.max(10, scenario.probeMillis() / 5) * 1_000_000L;
		for (int r = 0; r < scenario.regions(); r++) {
			SimRegionalEscrow escrow = scenario.regional() ? new SimRegionalEscrow(seen) : null;
			for (int m = 0; m < scenario.instances(); m++) {
				long offset = (this.instances.size() % 2 == 0 ? 1 : -1) * scenario.offsetMillis();
				VirtualClock clock = new VirtualClock(ORIGIN_MILLIS, offset);
				FederationConfig config = FederationConfig.of("r" + r, "i" + m)
					.withBatch(scenario.batch())
					.withProbeInterval(Duration.ofMillis(scenario.probeMillis()));
				SimCoordinator.Link link = this.coordinator.link(clock);
				FederatedRateLimiter limiter = new FederatedRateLimiter(policy, config, link,
						(escrow != null) ? escrow.link(clock) : null, clock);
				Instance instance = new Instance(r, clock, limiter, link);
				this.instances.add(instance);
				// Each instance's scheduler started at its own moment.
				schedule(random.nextLong(QUIET_NANOS), Kind.GIVE_BACK, instance, 0);
				schedule(random.nextLong(probeEvery), Kind.PROBE, instance, 0);
			}
		}
		this.arrivals = arrivals();
	}

	/**
	 * Runs a scenario.
	 * @param scenario the scenario
	 * @return what it observed
	 */
	static RunResult run(Scenario scenario) {
		OpenLoopRun run = new OpenLoopRun(scenario);
		run.advance(Long.MAX_VALUE);
		run.coordinator.drain();
		return RunResult.of(scenario, run.tally);
	}

	/**
	 * Poisson arrivals per region at mult·L/W·f_r, each sent to one of the region's instances
	 * uniformly at random, as (time << 8 | instance), sorted. The times depend only on K, load
	 * and W, so every other factor is compared on the same arrivals.
	 */
	private long[] arrivals() {
		SplittableRandom times = new SplittableRandom(ARRIVAL_SEED);
		SplittableRandom spread = new SplittableRandom(ARRIVAL_SEED + 2);
		long[] arrivals = new long[1024];
		int n = 0;
		int m = this.scenario.instances();
		for (int r = 0; r < this.scenario.regions(); r++) {
			double perNano = this.scenario.mult() * Scenario.LIMIT * this.scenario.share(r)
					/ this.scenario.windowNanos();
			double t = 0;
			while (true) {
				t += -Math.log(1 - times.nextDouble()) / perNano;
				if (t >= this.endNanos) {
					break;
				}
				if (n == arrivals.length) {
					arrivals = Arrays.copyOf(arrivals, 2 * n);
				}
				arrivals[n++] = ((long) t << INSTANCE_BITS) | (r * m + spread.nextInt(m));
			}
		}
		arrivals = Arrays.copyOf(arrivals, n);
		Arrays.sort(arrivals);
		return arrivals;
	}

	/**
	 * Runs every event due before a time, in order. A lease that is not its decision's first
	 * calls this too (re-entrantly) before it reaches the coordinator, so that other instances'
	 * calls due earlier reach it first; the deciding instance's own events wait meanwhile.
	 */
	private void advance(long until) {
		long mask = (1L << INSTANCE_BITS) - 1;
		while (true) {
			long arrivalAt = (this.next < this.arrivals.length) ? this.arrivals[this.next] >>> INSTANCE_BITS
					: Long.MAX_VALUE;
			long eventAt = this.events.isEmpty() ? Long.MAX_VALUE : this.events.peek().at();
			if (Math.min(arrivalAt, eventAt) >= until || Math.min(arrivalAt, eventAt) == Long.MAX_VALUE) {
				return;
			}
			if (arrivalAt <= eventAt) {
				Instance instance = this.instances.get((int) (this.arrivals[this.next++] & mask));
				this.now = Math.max(this.now, arrivalAt);
				this.tally.offered(arrivalAt, instance.region);
				arrive(instance, arrivalAt);
				continue;
			}
			Event event = this.events.poll();
			this.now = Math.max(this.now, event.at());
			switch (event.kind()) {
				case DECIDE -> decide(event.instance(), event.oneWay());
				case GIVE_BACK -> giveBack(event.instance(), event.at());
				case PROBE -> probe(event.instance(), event.at());
			}
		}
	}

	private void arrive(Instance instance, long at) {
		instance.arrive(at);
		if (instance.scheduledStart < 0 && !instance.deciding) {
			scheduleDecision(instance);
		}
	}

	/** Schedules the head request's decision when the instance is free, simulated at + d₁. */
	private void scheduleDecision(Instance instance) {
		long start = Math.max(instance.waiting.peek().arrivedAt(), instance.busyUntil);
		long oneWay = this.coordinator.oneWay();
		instance.scheduledStart = start;
		schedule(start + oneWay, Kind.DECIDE, instance, oneWay);
	}

	private void decide(Instance instance, long oneWay) {
		long start = instance.scheduledStart;
		instance.scheduledStart = -1;
		Instance.Waiting request = instance.waiting.poll();
		instance.clock.set(start);
		instance.deciding = true;
		boolean allowed;
		if (instance.rounds(request) >= 3 && instance.limiter.heldUnits(Instance.KEY) == 0) {
			allowed = false;
		}
		else {
			instance.link.preset(oneWay);
			allowed = instance.limiter.tryAcquire(Instance.KEY).allowed();
			instance.link.preset(-1);
		}
		long end = instance.clock.nanos();
		instance.busyUntil = end;
		instance.deciding = false;
		this.tally.decided(request.arrivedAt(), end);
		if (allowed) {
			this.tally.admitted(end, instance.chargedWindow());
		}
		if (!instance.waiting.isEmpty()) {
			scheduleDecision(instance);
		}
	}

	/** The key is in flight while the instance waits for a lease: the schedule skips it then. */
	private void giveBack(Instance instance, long at) {
		if (!instance.busy(at)) {
			instance.clock.set(at);
			instance.limiter.giveBackQuiet(QUIET_NANOS, IDLE_NANOS);
		}
		schedule(at + QUIET_NANOS, Kind.GIVE_BACK, instance, 0);
	}

	private void probe(Instance instance, long at) {
		if (!instance.busy(at)) {
			instance.clock.set(at);
			instance.limiter.probe(false);
		}
		schedule(at + Math.max(10, this.scenario.probeMillis() / 5) * 1_000_000L, Kind.PROBE, instance, 0);
	}

	private void schedule(long at, Kind kind, Instance instance, long oneWay) {
		if (kind == Kind.DECIDE || at < this.endNanos) {
			this.events.add(new Event(at, this.seq++, kind, instance, oneWay));
		}
	}

}
