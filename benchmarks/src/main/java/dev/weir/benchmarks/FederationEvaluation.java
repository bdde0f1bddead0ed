package dev.weir.benchmarks;

import java.util.Set;

import dev.weir.benchmarks.federation.ReplicaTable;
import dev.weir.benchmarks.federation.SweepTables;

/**
 * Federation evaluation of docs/FEDERATION.md §8 on virtual time: the real engine and the
 * in-memory coordinator. (A) replays ThrottleKit's skew table; (B) runs the open-loop sweeps
 * and fault runs as a seeded discrete-event simulation. Prints Markdown tables; the same run
 * prints the same figures. Arguments select parts: {@code a}, {@code b}; none means both.
 */
public final class FederationEvaluation {

	private FederationEvaluation() {
	}

	public static void main(String[] args) {
		Set<String> parts = (args.length == 0) ? Set.of("a", "b") : Set.of(args);
		for (String part : parts) {
			if (!part.equals("a") && !part.equals("b")) {
				throw new IllegalArgumentException("parts are a (replica) and b (open-loop sweeps): " + part);
			}
		}
		if (parts.contains("a")) {
			ReplicaTable.print(System.out);
		}
		if (parts.contains("b")) {
			System.out.println("### B. Open-loop Poisson arrivals (L = 1,000, s = 0.5, ± 50 % jitter, default give-back and probes, 2 warm-up + 30 measured windows)\n");
			SweepTables.print(System.out);
		}
	}

}
