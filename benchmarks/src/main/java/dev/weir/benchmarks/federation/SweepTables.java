package dev.weir.benchmarks.federation;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * Part B of the federation evaluation: the open-loop sweeps of docs/FEDERATION.md §8 B, one
 * factor at a time around the base case, the fault runs, and a summary with the targets
 * (Δ = 0 everywhere; U within 1 % of the ideal at 3× offered load). Prints Markdown.
 */
public final class SweepTables {

	private static final String HEADER = """
			| setting | load | U_capacity mean ± 95 % CI | U min | static U | ideal U | short of ideal | Δ charged / real time | stranded / window | trips / admitted | trips / offered | p50 / p99 decision (ms) | first admit (ms) |
			| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |""";

	private final PrintStream out;

	private final Map<Scenario, RunResult> results = new HashMap<>();

	private SweepTables(PrintStream out) {
		this.out = out;
	}

	/**
	 * Runs every sweep and fault run, then prints the summary and the tables.
	 * @param out where to print
	 */
	public static void print(PrintStream out) {
		new SweepTables(out).printAll();
	}

	private static List<Sweep> sweeps() {
		return List.of(
				Sweep.atBothLoads("K, regions", List.of("K = 3", "K = 5", "K = 10"),
						List.of((m) -> Scenario.base(m), (m) -> Scenario.base(m).withRegions(5),
								(m) -> Scenario.base(m).withRegions(10))),
				Sweep.atBothLoads("M, instances per region, without and with a regional escrow L2",
						List.of("M = 1", "M = 4", "M = 1, L2", "M = 4, L2"),
						List.of((m) -> Scenario.base(m), (m) -> Scenario.base(m).withInstances(4, false),
								(m) -> Scenario.base(m).withInstances(1, true),
								(m) -> Scenario.base(m).withInstances(4, true))),
				Sweep.atBothLoads("B, batch", List.of("B = 1", "B = 4", "B = 8", "B = 16", "B = 32"),
						List.of(batch(1), batch(4), batch(8), batch(16), batch(32))),
				new Sweep("offered load",
						List.of(new Sweep.Row("1.0×", Scenario.base(1.0)), new Sweep.Row("1.5×", Scenario.base(1.5)),
								new Sweep.Row("3.0×", Scenario.base(3.0)))),
				Sweep.atBothLoads("W, window", List.of("W = 1 s", "W = 10 s"),
						List.of((m) -> Scenario.base(m), (m) -> Scenario.base(m).withWindow(10_000))),
				Sweep.atBothLoads("round trip, ± 50 % jitter",
						List.of("2 ms", "50 ms", "150 ms", "50 ms, B = 64", "150 ms, B = 192"),
						List.of((m) -> Scenario.base(m), (m) -> Scenario.base(m).withDelay(50),
								(m) -> Scenario.base(m).withDelay(150), (m) -> Scenario.base(m).withDelay(50).withBatch(64),
								(m) -> Scenario.base(m).withDelay(150).withBatch(192))),
				new Sweep("faults, 3× offered load", List.of(
						new Sweep.Row("clock offsets ±50 ms", Scenario.base(3.0).withFault(Fault.OFFSETS, 50, 5_000)),
						new Sweep.Row("clock offsets ±500 ms", Scenario.base(3.0).withFault(Fault.OFFSETS, 500, 5_000)),
						new Sweep.Row("L3 stopped 10.5–12 s, probe 5 s", Scenario.base(3.0).withFault(Fault.STOPPED, 0, 5_000)),
						new Sweep.Row("L3 stopped 10.5–12 s, probe 100 ms",
								Scenario.base(3.0).withFault(Fault.STOPPED, 0, 100)),
						new Sweep.Row("L3 restarted at 10.5 s, no persistence",
								Scenario.base(3.0).withFault(Fault.RESTARTED, 0, 5_000)),
						new Sweep.Row("M = 4, L2: clock offsets ±500 ms",
								Scenario.base(3.0).withInstances(4, true).withFault(Fault.OFFSETS, 500, 5_000)),
						new Sweep.Row("M = 4, L2: L3 restarted at 10.5 s",
								Scenario.base(3.0).withInstances(4, true).withFault(Fault.RESTARTED, 0, 5_000)))));
	}

	private static DoubleFunction<Scenario> batch(long b) {
		return (m) -> Scenario.base(m).withBatch(b);
	}

	private void printAll() {
		List<Sweep> sweeps = sweeps();
		sweeps.forEach((sweep) -> sweep.rows().forEach((row) -> result(row.scenario())));
		summary(sweeps);
		for (Sweep sweep : sweeps) {
			this.out.println("#### " + sweep.title() + "\n");
			this.out.println(HEADER);
			sweep.rows().forEach((row) -> print(row.label(), result(row.scenario())));
			this.out.println();
		}
	}

	private void summary(List<Sweep> sweeps) {
		this.out.println("#### Summary: base case (K = 3, M = 1, B = 8, W = 1 s, 2 ms) and the row of each sweep furthest below the ideal\n");
		this.out.println(HEADER);
		print("base", result(Scenario.base(1.0)));
		print("base", result(Scenario.base(3.0)));
		for (Sweep sweep : sweeps) {
			for (double mult : new double[] { 1.0, 3.0 }) {
				Optional<Sweep.Row> worst = sweep.rows()
					.stream()
					.filter((row) -> row.scenario().mult() == mult)
					.max(Comparator.comparingDouble((row) -> result(row.scenario()).shortfall()));
				worst.ifPresent((row) -> print(sweep.title().split(",")[0] + ": " + row.label(),
						result(row.scenario())));
			}
		}
		long deltaRuns = this.results.values()
			.stream()
			.filter((r) -> r.deltaCharged() > 0 || r.deltaReal() > 0)
			.count();
		long missed = this.results.values()
			.stream()
			.filter((r) -> r.scenario().mult() == 3.0 && r.shortfall() > 0.01)
			.count();
		this.out.printf(Locale.ROOT, "%nTargets: runs with Δ > 0: %d of %d; runs at 3× more than 1 %% below ideal: %d.%n",
				deltaRuns, this.results.size(), missed);
		long leases = this.results.values().stream().mapToLong(RunResult::leases).sum();
		long held = this.results.values().stream().mapToLong(RunResult::heldBack).sum();
		double longest = this.results.values().stream().mapToDouble(RunResult::heldBackMaxMillis).max().orElse(0);
		this.out.printf(Locale.ROOT,
				"Model check: %d of %d leases (%.3f %%) reached the coordinator behind a later call and waited, at most %.2f ms.%n%n",
				held, leases, 100.0 * held / Math.max(1, leases), longest);
	}

	private RunResult result(Scenario scenario) {
		return this.results.computeIfAbsent(scenario, OpenLoopRun::run);
	}

	private void print(String label, RunResult r) {
		this.out.printf(Locale.ROOT,
				"| %s | %.1f× | %.4f ± %.4f | %.3f | %.4f | %.4f | %.2f %% | %d / %d | %.1f | %.3f | %.3f | %.2f / %.2f | %.1f |%n",
				label, r.scenario().mult(), r.uMean(), r.uHalfWidth(), r.uMin(), r.staticU(), r.idealU(),
				100 * r.shortfall(), r.deltaCharged(), r.deltaReal(), r.stranded(), r.tripsPerAdmitted(),
				r.tripsPerOffered(), r.p50Millis(), r.p99Millis(), r.firstAdmitMillis());
	}

}
