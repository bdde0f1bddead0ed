package dev.weir.benchmarks.stores;

import java.util.ArrayList;
import java.util.List;

import dev.weir.benchmarks.stores.ClosedLoop.Run;
import dev.weir.benchmarks.stores.CoordinatorCalls.NamedCall;

/**
 * Latency and throughput of the Redis and PostgreSQL coordinators' calls, each as a ratio to the
 * store's plain round trip measured in the same run, on the same server and connection.
 *
 * <p>For each store, key set (one hot key, 1,000 keys) and number of concurrent callers (1, 4,
 * 16), every round runs each call in a closed loop for a while, the calls back to back in an
 * order that rotates between rounds, so that a disturbance of the shared machine falls on the
 * baseline and the coordinator calls alike. A plain main class, not JMH: JMH would run the
 * baseline and each call as separate benchmarks, in sequence, each with its own server and fork,
 * while these ratios need them interleaved on one server; and a call here is a loopback round
 * trip of tens of microseconds or more, far above what JMH's care for dead code and timer
 * resolution is for.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.weir.benchmarks.stores.FederationStoresBenchmark
 * [rounds [phaseMillis [stores]]]}, by default 3 rounds of 400 ms per call and the stores
 * {@code redis,redis-aof,postgres,postgres-fsync}.
 */
public final class FederationStoresBenchmark {

	private static final int[] KEY_SETS = { 1, 1_000 };

	private static final int[] CALLERS = { 1, 4, 16 };

	private static final long WARM_UP_NANOS = 300_000_000L;

	private final int rounds;

	private final long phaseNanos;

	private final ClosedLoop loop = new ClosedLoop(StoreSubject.MAX_CALLERS);

	private FederationStoresBenchmark(int rounds, long phaseNanos) {
		this.rounds = rounds;
		this.phaseNanos = phaseNanos;
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		long phaseMillis = (args.length > 1) ? Long.parseLong(args[1]) : 400;
		String stores = (args.length > 2) ? args[2] : "redis,redis-aof,postgres,postgres-fsync";
		FederationStoresBenchmark benchmark = new FederationStoresBenchmark(rounds, phaseMillis * 1_000_000L);
		System.out.printf("%d rounds of %d ms per call and cell; %d CPUs; %s at the start%n%n", rounds, phaseMillis,
				Runtime.getRuntime().availableProcessors(), MachineLoad.loadAverage());
		for (String store : stores.split(",")) {
			try (StoreSubject subject = StoreSubject.start(store.trim())) {
				benchmark.measure(subject);
			}
		}
	}

	private void measure(StoreSubject subject) throws InterruptedException {
		MachineLoad start = MachineLoad.now(subject.processes());
		long started = System.nanoTime();
		CoordinatorCalls coordinator = new CoordinatorCalls(subject.coordinator());
		// The probe writes nothing, so durability cannot change it: measured on the in-memory stores only.
		List<NamedCall> calls = coordinator.calls(subject.baselineName(), subject.baseline(), !subject.durable());
		StoreTable table = new StoreTable();
		long zeroGrants = 0;
		long uncredited = 0;
		for (int keys : KEY_SETS) {
			List<Caller> callers = callers(keys);
			for (NamedCall call : calls) {
				run(callers.subList(0, 4), call, WARM_UP_NANOS);
			}
			for (int n : CALLERS) {
				table.add(keys, n, calls, rounds(callers.subList(0, n), calls));
			}
			zeroGrants += callers.stream().mapToLong(Caller::zeroGrants).sum();
			uncredited += callers.stream().mapToLong(Caller::uncredited).sum();
		}
		String load = MachineLoad.now(subject.processes()).since(start);
		System.out.printf("#### %s%n%n%.0f s; %s; zero grants %d, uncredited give-backs %d%n%n%s%n",
				subject.description(), (System.nanoTime() - started) / 1e9, load, zeroGrants, uncredited, table);
	}

	/** Runs the rounds of one cell; returns each call's runs, one per round. */
	private List<List<Run>> rounds(List<Caller> callers, List<NamedCall> calls) throws InterruptedException {
		List<List<Run>> runs = new ArrayList<>();
		calls.forEach((call) -> runs.add(new ArrayList<>()));
		for (int round = 0; round < this.rounds; round++) {
			for (int i = 0; i < calls.size(); i++) {
				int call = (i + round) % calls.size();
				runs.get(call).add(run(callers, calls.get(call), this.phaseNanos));
			}
		}
		return runs;
	}

	private Run run(List<Caller> callers, NamedCall call, long nanos) throws InterruptedException {
		callers.forEach(call.before()::call);
		return this.loop.run(callers, call.call(), nanos);
	}

	private static List<Caller> callers(int keys) {
		String[] names = new String[keys];
		for (int k = 0; k < keys; k++) {
			names[k] = (keys == 1) ? "hot" : "k" + k;
		}
		List<Caller> callers = new ArrayList<>();
		for (int i = 0; i < StoreSubject.MAX_CALLERS; i++) {
			callers.add(new Caller(i, names));
		}
		return callers;
	}

}
