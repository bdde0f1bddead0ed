package dev.weir.federation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The abstract model ThrottleKit's formal spec checks (docs/FEDERATION.md §2): a global budget,
 * escrow per region, admitted; Serve, whole-batch Lease and Roll, no time or messages. Kept as
 * an anchor: the explorer's bookkeeping must reproduce its state counts.
 */
final class AnchorModel {

	private AnchorModel() {
	}

	/** Distinct states; {@code baseline} keeps escrow across Roll (the carry-over design). */
	static int states(int regions, int limit, int batch, boolean baseline) {
		return explore(regions, limit, batch, baseline).size();
	}

	/** The largest admitted count in any reachable state. */
	static int maxAdmitted(int regions, int limit, int batch, boolean baseline) {
		return explore(regions, limit, batch, baseline).stream().mapToInt((state) -> state.get(1)).max().orElse(0);
	}

	/** States as lists: budget, admitted, then escrow per region. */
	private static Set<List<Integer>> explore(int regions, int limit, int batch, boolean baseline) {
		List<Integer> initial = new ArrayList<>();
		initial.add(limit);
		initial.add(0);
		for (int r = 0; r < regions; r++) {
			initial.add(0);
		}
		Set<List<Integer>> seen = new HashSet<>();
		Deque<List<Integer>> queue = new ArrayDeque<>();
		seen.add(initial);
		queue.add(initial);
		while (!queue.isEmpty()) {
			List<Integer> state = queue.poll();
			List<List<Integer>> next = new ArrayList<>();
			for (int r = 0; r < regions; r++) {
				int escrow = state.get(2 + r);
				if (escrow >= 1) {
					List<Integer> serve = new ArrayList<>(state);
					serve.set(2 + r, escrow - 1);
					serve.set(1, state.get(1) + 1);
					next.add(serve);
				}
				else if (state.get(0) >= batch) {
					List<Integer> lease = new ArrayList<>(state);
					lease.set(0, state.get(0) - batch);
					lease.set(2 + r, batch - 1);
					lease.set(1, state.get(1) + 1);
					next.add(lease);
				}
			}
			List<Integer> roll = new ArrayList<>(state);
			roll.set(0, limit);
			roll.set(1, 0);
			if (!baseline) {
				for (int r = 0; r < regions; r++) {
					roll.set(2 + r, 0);
				}
			}
			next.add(roll);
			for (List<Integer> n : next) {
				if (seen.add(n)) {
					queue.add(n);
				}
			}
		}
		return seen;
	}

}
