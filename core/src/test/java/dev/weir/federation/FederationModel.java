package dev.weir.federation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The federation protocol of docs/FEDERATION.md §3 as a finite model, and a breadth-first
 * explorer of every state it can reach: true time in ticks, one coordinator, P leasing
 * processes (each its own holder at the coordinator), single-flight leases whose requests and
 * replies may be delayed or lost, give-backs that may be delayed, duplicated or lost, a
 * coordinator that goes down, loses its state or has its clock stepped. Ghost counters record,
 * per coordinator window, the permits charged to it and those admitted while it was the
 * coordinator's window in real time.
 *
 * <p>Each state is a {@code long} for time, the coordinator and the ghosts, and one {@code long}
 * per process (its escrow, its messages in flight and the coordinator's record of it). With
 * identical processes, states that differ only by a permutation of processes are one
 * (symmetry). Deadlines and grants are in whole ticks with a guard of zero: the model has no
 * clock-rate error, so the guard the engine keeps for it is not needed here.
 */
final class FederationModel {

	/** A deliberately broken variant; each must produce a counterexample. */
	enum Mutant {

		/** Escrow survives the window end and is spent in the next window. */
		CARRY_OVER,

		/** Escrow dies at the window end read from the node's wall clock, which may be off. */
		NODE_CLOCK_EXPIRY,

		/** A give-back is credited to whatever window is current. */
		CREDIT_ROLLED_WINDOW,

		/** The coordinator derives the window from a clock read taken before the request waited, and resets on any difference. */
		STALE_CLOCK_READ,

		/** A grant arriving past its deadline is credited to the node's next window. */
		LATE_GRANT_CREDITED,

		/** A give-back is credited without the sequence check. */
		DOUBLE_GIVE_BACK,

		/** A coordinator that lost its state grants again in the same window (no quarantine). */
		LOST_STATE

	}

	/** Faults the explorer may inject, each spending one unit of the fault budget. */
	enum Fault {

		LOSE_MESSAGE, DUPLICATE_GIVE_BACK, COORDINATOR_DOWN, STATE_LOSS, CLOCK_STEP_BACK, CLOCK_STEP_FORWARD

	}

	/**
	 * Bounds of one exploration.
	 * @param processes leasing processes, 1 to 3
	 * @param limit L, 1 to 6
	 * @param batch B, 1 to 3
	 * @param windowTicks W in ticks, 2 to 4
	 * @param windows windows explored, 1 to 3
	 * @param maxCost largest cost of a request, 1 or 2
	 * @param faultBudget faults per run, 0 to 3
	 * @param faults the faults allowed
	 * @param giveBacks give-backs per process per run, 0 to 3
	 * @param mutant the broken variant, or null for the protocol as specified
	 */
	record Config(int processes, int limit, int batch, int windowTicks, int windows, int maxCost, int faultBudget,
			Set<Fault> faults, int giveBacks, @Nullable Mutant mutant) {

		Config {
			check("processes", processes, 1, 3);
			check("limit", limit, 1, 6);
			check("batch", batch, 1, 3);
			check("windowTicks", windowTicks, 2, 4);
			check("windows", windows, 1, 3);
			check("maxCost", maxCost, 1, 2);
			check("faultBudget", faultBudget, 0, 3);
			check("giveBacks", giveBacks, 0, 3);
			faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
		}

		Config with(Mutant mutant) {
			return new Config(this.processes, this.limit, this.batch, this.windowTicks, this.windows, this.maxCost,
					this.faultBudget, this.faults, this.giveBacks, mutant);
		}

		/** Whether admissions can be checked against the coordinator's real-time windows. */
		boolean realTime() {
			return !this.faults.contains(Fault.CLOCK_STEP_FORWARD);
		}

		private static void check(String name, int value, int min, int max) {
			if (value < min || value > max) {
				throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
			}
		}

	}

	/**
	 * What an exploration found.
	 * @param states distinct states reached
	 * @param transitions transitions taken
	 * @param violation the first invariant broken, with the shortest trace to it, or null
	 * @param millis how long it took
	 * @param maxCharged the most permits charged to one window in any state reached
	 */
	record Result(int states, long transitions, @Nullable Violation violation, long millis, long maxCharged) {
	}

	/**
	 * A broken invariant.
	 * @param invariant its name
	 * @param trace the actions from the initial state, then the state
	 */
	record Violation(String invariant, List<String> trace) {

		@Override
		public String toString() {
			return this.invariant + "\n  " + String.join("\n  ", this.trace);
		}

	}

	// Global word.
	private static final int T = 0, T_W = 5;

	private static final int CW = 5, CW_W = 3; // stored window index + 1, 0 = none

	private static final int GRANTED = 8, GRANTED_W = 4;

	private static final int RETURNED = 12, RETURNED_W = 4;

	private static final int UP = 16, MARKER = 17;

	private static final int LOST_AT = 18, LOST_AT_W = 5; // coordinator tick of detection + 1, 0 = never

	private static final int COFF = 23, COFF_W = 2; // 0: 0, 1: -1, 2: +1

	private static final int FAULTS = 25, FAULTS_W = 2;

	private static final int CHARGED = 27, AT = 43, GHOST_W = 4; // 4 windows each

	private static final int CMAX = 59, CMAX_W = 2;

	// Process word.
	private static final int BAL = 0, BAL_W = 3;

	private static final int BW = 3, BW_W = 2;

	private static final int DL = 5, DL_W = 5;

	private static final int EXH = 10;

	private static final int LS = 11, LS_W = 2; // 0 idle, 1 request in flight, 2 reply in flight

	private static final int WAIT = 13, WAIT_W = 2;

	private static final int RX = 15, RX_W = 5; // send tick, then the reply's deadline

	private static final int RG = 20, RG_W = 3;

	private static final int RW = 23, RW_W = 2;

	private static final int GB = 25, GB_W = 3; // give-back units in flight, 0 = none

	private static final int GBW = 28, GBW_W = 2;

	private static final int GBSEQ = 30, GBSEQ_W = 2;

	private static final int GBDUP = 32;

	private static final int PSEQ = 33, PSEQ_W = 2;

	private static final int CG = 35, CG_W = 4; // coordinator: holder's grants this window

	private static final int CB = 39, CB_W = 4; // coordinator: holder's credited give-backs

	private static final int CSEQ = 43, CSEQ_W = 2; // coordinator: holder's last seq

	private static final int OFF = 45, OFF_W = 2; // node wall-clock offset: 0: 0, 1: -1, 2: +1

	private static final String[] ACTIONS = { "tick", "arrive cost 1", "arrive cost 2", "coordinator leases",
			"reply delivered", "lease lost or timed out", "give back", "coordinator credits give-back",
			"give-back duplicated", "give-back lost", "coordinator down", "coordinator up", "coordinator loses state",
			"coordinator clock steps back", "coordinator clock steps forward" };

	private final Config config;

	private final int p;

	private final boolean symmetric;

	private final boolean conservation;

	private FederationModel(Config config, boolean conservation) {
		this.config = config;
		this.conservation = conservation;
		this.p = config.processes();
		this.symmetric = config.mutant() != Mutant.NODE_CLOCK_EXPIRY;
	}

	static Result explore(Config config) {
		return new FederationModel(config, true).run();
	}

	/**
	 * Explores checking only the bounds on admissions, not conservation, so that a mutant's
	 * counterexample shows the overshoot itself rather than the accounting error before it.
	 */
	static Result exploreForOvershoot(Config config) {
		return new FederationModel(config, false).run();
	}

	/** Whether some reachable state has a window charged with {@code permits}: the bound is reached, not vacuous. */
	static boolean reaches(Config config, long permits) {
		return explore(config).maxCharged() >= permits;
	}

	private Result run() {
		long started = System.nanoTime();
		LongStateSet seen = new LongStateSet(this.p + 1);
		long[] initial = new long[this.p + 1];
		initial[0] = set(set(0, UP, 1, 1), MARKER, 1, 1);
		for (int i = 1; i <= this.p; i++) {
			// Node clock offsets matter only to the node-clock mutant: process 1 lags, process 2 runs ahead.
			initial[i] = set(0, OFF, OFF_W, (i == 1) ? 1 : (i == 2) ? 2 : 0);
		}
		seen.add(canonical(initial), -1, -1);
		long[] state = new long[this.p + 1];
		long transitions = 0;
		List<long[]> next = new ArrayList<>();
		List<Integer> codes = new ArrayList<>();
		long maxCharged = 0;
		for (int number = 0; number < seen.size(); number++) {
			seen.copy(number, state);
			for (int w = 0; w < 4; w++) {
				maxCharged = Math.max(maxCharged, get(state[0], CHARGED + w * GHOST_W, GHOST_W));
			}
			String broken = invariant(state);
			if (broken != null) {
				return new Result(seen.size(), transitions, new Violation(broken, trace(seen, number)),
						(System.nanoTime() - started) / 1_000_000, maxCharged);
			}
			next.clear();
			codes.clear();
			String transitionBroken = successors(state, next, codes);
			if (transitionBroken != null) {
				return new Result(seen.size(), transitions, new Violation(transitionBroken, trace(seen, number)),
						(System.nanoTime() - started) / 1_000_000, maxCharged);
			}
			for (int i = 0; i < next.size(); i++) {
				transitions++;
				seen.add(canonical(next.get(i)), number, codes.get(i));
			}
		}
		return new Result(seen.size(), transitions, null, (System.nanoTime() - started) / 1_000_000, maxCharged);
	}

	private List<String> trace(LongStateSet seen, int number) {
		List<String> steps = new ArrayList<>();
		long[] state = new long[this.p + 1];
		seen.copy(number, state);
		String last = describe(state);
		for (int at = number; seen.parent(at) >= 0; at = seen.parent(at)) {
			int code = seen.action(at);
			steps.add(ACTIONS[code % 100] + ((code >= 100) ? " (process " + (code / 100) + ")" : ""));
		}
		Collections.reverse(steps);
		steps.add("=> " + last);
		return steps;
	}

	// ---- invariants ------------------------------------------------------------------------

	private @Nullable String invariant(long[] s) {
		long g = s[0];
		int limit = this.config.limit();
		for (int w = 0; w < 4; w++) {
			if (get(g, CHARGED + w * GHOST_W, GHOST_W) > limit) {
				return "admitted charged to window " + w + " > L";
			}
			if (this.config.realTime() && get(g, AT + w * GHOST_W, GHOST_W) > limit) {
				return "admitted during the coordinator's window " + w + " > L";
			}
		}
		int cw = (int) get(g, CW, CW_W) - 1;
		if (this.conservation && cw >= 0 && get(g, LOST_AT, LOST_AT_W) == 0) {
			// Conservation: what the window granted net of credits covers what it admitted, what
			// is held for it and what is on its way back.
			long outstanding = get(g, CHARGED + cw * GHOST_W, GHOST_W);
			for (int i = 1; i <= this.p; i++) {
				long w = s[i];
				if (get(w, BW, BW_W) == cw) {
					outstanding += get(w, BAL, BAL_W);
				}
				if (get(w, GB, GB_W) > 0 && get(w, GBW, GBW_W) == cw && get(w, GBSEQ, GBSEQ_W) > get(w, CSEQ, CSEQ_W)) {
					outstanding += get(w, GB, GB_W);
				}
			}
			if (get(g, GRANTED, GRANTED_W) - get(g, RETURNED, RETURNED_W) < outstanding) {
				return "window " + cw + ": granted - credited < admitted + held + returning";
			}
		}
		return null;
	}

	// ---- transitions -----------------------------------------------------------------------

	private @Nullable String successors(long[] s, List<long[]> out, List<Integer> codes) {
		long g = s[0];
		int t = (int) get(g, T, T_W);
		int w = this.config.windowTicks();
		int faults = (int) get(g, FAULTS, FAULTS_W);
		boolean canFault = faults < this.config.faultBudget();
		boolean up = get(g, UP, 1) == 1;
		Mutant mutant = this.config.mutant();
		// Tick.
		if (t + 1 < w * this.config.windows()) {
			long[] n = s.clone();
			n[0] = set(n[0], T, T_W, t + 1);
			for (int i = 1; i <= this.p; i++) {
				n[i] = expire(n[i], t + 1);
			}
			emit(out, codes, n, 0);
		}
		for (int i = 1; i <= this.p; i++) {
			long pw = s[i];
			int code = 100 * i;
			// Arrivals.
			for (int cost = 1; cost <= this.config.maxCost(); cost++) {
				if (get(pw, WAIT, WAIT_W) != 0) {
					break;
				}
				long bal = get(pw, BAL, BAL_W);
				long dl = get(pw, DL, DL_W);
				boolean live = t < dl || mutant == Mutant.CARRY_OVER;
				if (bal >= cost && live) {
					long[] n = s.clone();
					int charged = (int) get(pw, BW, BW_W);
					if (mutant == Mutant.CARRY_OVER && t >= dl) {
						charged = t / w;
					}
					n[i] = set(pw, BAL, BAL_W, bal - cost);
					n[0] = admit(n[0], charged, cost);
					emit(out, codes, n, code + cost);
				}
				else if (!(get(pw, EXH, 1) == 1 && t < dl) && get(pw, LS, LS_W) == 0) {
					long[] n = s.clone();
					n[i] = set(set(set(pw, LS, LS_W, 1), RX, RX_W, t), WAIT, WAIT_W, cost);
					emit(out, codes, n, code + cost);
				}
			}
			// The coordinator answers a lease request.
			if (get(pw, LS, LS_W) == 1 && up) {
				long[] n = s.clone();
				coordinatorLease(n, i, t);
				emit(out, codes, n, code + 3);
			}
			// The reply arrives.
			if (get(pw, LS, LS_W) == 2) {
				long[] n = s.clone();
				deliver(n, i, t);
				emit(out, codes, n, code + 4);
			}
			// A request or reply is lost, or the process stops waiting for it (free while the
			// coordinator is down: it cannot answer).
			if (get(pw, LS, LS_W) != 0 && this.config.faults().contains(Fault.LOSE_MESSAGE) && (canFault || !up)) {
				long[] n = s.clone();
				n[i] = set(set(pw, LS, LS_W, 0), WAIT, WAIT_W, 0);
				if (up) {
					n[0] = set(n[0], FAULTS, FAULTS_W, faults + 1);
				}
				emit(out, codes, n, code + 5);
			}
			// Give-back: leave local escrow first, then send.
			if (get(pw, GB, GB_W) == 0 && get(pw, BAL, BAL_W) > 0 && t < get(pw, DL, DL_W)
					&& get(pw, PSEQ, PSEQ_W) < this.config.giveBacks()) {
				long[] n = s.clone();
				long seq = get(pw, PSEQ, PSEQ_W) + 1;
				long nw = set(pw, GB, GB_W, get(pw, BAL, BAL_W));
				nw = set(set(set(nw, GBW, GBW_W, get(pw, BW, BW_W)), GBSEQ, GBSEQ_W, seq), PSEQ, PSEQ_W, seq);
				n[i] = set(nw, BAL, BAL_W, 0);
				emit(out, codes, n, code + 6);
			}
			if (get(pw, GB, GB_W) > 0) {
				if (up) {
					long[] n = s.clone();
					coordinatorGiveBack(n, i);
					emit(out, codes, n, code + 7);
				}
				if (canFault && get(pw, GBDUP, 1) == 0 && this.config.faults().contains(Fault.DUPLICATE_GIVE_BACK)) {
					long[] n = s.clone();
					n[i] = set(pw, GBDUP, 1, 1);
					n[0] = set(n[0], FAULTS, FAULTS_W, faults + 1);
					emit(out, codes, n, code + 8);
				}
				if (canFault && this.config.faults().contains(Fault.LOSE_MESSAGE)) {
					long[] n = s.clone();
					n[i] = set(set(pw, GB, GB_W, 0), GBDUP, 1, 0);
					n[0] = set(n[0], FAULTS, FAULTS_W, faults + 1);
					emit(out, codes, n, code + 9);
				}
			}
		}
		if (canFault && up && this.config.faults().contains(Fault.COORDINATOR_DOWN)) {
			long[] n = s.clone();
			n[0] = set(set(g, UP, 1, 0), FAULTS, FAULTS_W, faults + 1);
			emit(out, codes, n, 10);
		}
		if (!up) {
			long[] n = s.clone();
			n[0] = set(g, UP, 1, 1);
			emit(out, codes, n, 11);
		}
		if (canFault && this.config.faults().contains(Fault.STATE_LOSS) && get(g, MARKER, 1) == 1) {
			long[] n = s.clone();
			long ng = set(set(set(set(g, CW, CW_W, 0), GRANTED, GRANTED_W, 0), RETURNED, RETURNED_W, 0), MARKER, 1, 0);
			n[0] = set(ng, FAULTS, FAULTS_W, faults + 1);
			for (int i = 1; i <= this.p; i++) {
				n[i] = clearHolder(n[i]);
			}
			emit(out, codes, n, 12);
		}
		if (canFault && get(g, COFF, COFF_W) == 0) {
			if (this.config.faults().contains(Fault.CLOCK_STEP_BACK)) {
				long[] n = s.clone();
				n[0] = set(set(g, COFF, COFF_W, 1), FAULTS, FAULTS_W, faults + 1);
				emit(out, codes, n, 13);
			}
			if (this.config.faults().contains(Fault.CLOCK_STEP_FORWARD)) {
				long[] n = s.clone();
				n[0] = set(set(g, COFF, COFF_W, 2), FAULTS, FAULTS_W, faults + 1);
				emit(out, codes, n, 14);
			}
		}
		return null;
	}

	private void emit(List<long[]> out, List<Integer> codes, long[] state, int code) {
		out.add(state);
		codes.add(code);
	}

	private long admit(long g, int charged, long cost) {
		long at = get(g, CMAX, CMAX_W);
		g = set(g, CHARGED + charged * GHOST_W, GHOST_W, saturate(get(g, CHARGED + charged * GHOST_W, GHOST_W) + cost));
		return set(g, AT + (int) at * GHOST_W, GHOST_W, saturate(get(g, AT + (int) at * GHOST_W, GHOST_W) + cost));
	}

	private static long saturate(long value) {
		return Math.min(15, value);
	}

	private int coordinatorNow(long g) {
		int offset = switch ((int) get(g, COFF, COFF_W)) {
			case 1 -> -1;
			case 2 -> 1;
			default -> 0;
		};
		return Math.max(0, (int) get(g, T, T_W) + offset);
	}

	/**
	 * The ghost index of the coordinator's real-time window: the greatest any operation has
	 * opened, kept across state loss. A window runs, in real time, from the first operation
	 * that opens it to the first that opens a later one.
	 */
	private static long advanceOpenedIndex(long g, long index) {
		return (index > get(g, CMAX, CMAX_W)) ? set(g, CMAX, CMAX_W, index) : g;
	}

	private long expire(long pw, int t) {
		if (t >= get(pw, DL, DL_W)) {
			if (this.config.mutant() != Mutant.CARRY_OVER) {
				pw = set(pw, BAL, BAL_W, 0);
			}
			pw = set(pw, EXH, 1, 0);
		}
		return pw;
	}

	private void coordinatorLease(long[] n, int i, int t) {
		long g = n[0];
		long pw = n[i];
		int w = this.config.windowTicks();
		Mutant mutant = this.config.mutant();
		int now = coordinatorNow(g);
		int readAt = now;
		if (mutant == Mutant.STALE_CLOCK_READ) {
			// The clock was read when the request was sent, before it waited in transit.
			readAt = (int) get(pw, RX, RX_W) + (now - t);
		}
		if (get(g, MARKER, 1) == 0) {
			// Quarantine every window that starts by now plus the largest clock step back the
			// model makes (1 tick): the lost state held the highest index, the clock may be behind it.
			g = set(set(g, MARKER, 1, 1), LOST_AT, LOST_AT_W, now + 1 + 1);
		}
		int computed = Math.min(3, readAt / w);
		int stored = (int) get(g, CW, CW_W) - 1;
		boolean reset = (mutant == Mutant.STALE_CLOCK_READ) ? computed != stored : computed > stored;
		if (reset) {
			g = set(set(set(g, CW, CW_W, computed + 1), GRANTED, GRANTED_W, 0), RETURNED, RETURNED_W, 0);
			for (int j = 1; j <= this.p; j++) {
				n[j] = clearHolder(n[j]);
			}
			pw = n[i];
		}
		int cw = (int) get(g, CW, CW_W) - 1;
		long lostAt = get(g, LOST_AT, LOST_AT_W);
		boolean quarantined = lostAt != 0 && cw * w <= lostAt - 1 && mutant != Mutant.LOST_STATE;
		long want = Math.max(this.config.batch(), get(pw, WAIT, WAIT_W));
		long left = Math.max(0, this.config.limit() - get(g, GRANTED, GRANTED_W) + get(g, RETURNED, RETURNED_W));
		long grant = quarantined ? 0 : Math.min(want, left);
		g = set(g, GRANTED, GRANTED_W, get(g, GRANTED, GRANTED_W) + grant);
		pw = set(pw, CG, CG_W, get(pw, CG, CG_W) + grant);
		g = advanceOpenedIndex(g, cw);
		int end = (cw + 1) * w;
		int deadline;
		if (mutant == Mutant.NODE_CLOCK_EXPIRY) {
			int offset = switch ((int) get(pw, OFF, OFF_W)) {
				case 1 -> -1;
				case 2 -> 1;
				default -> 0;
			};
			deadline = end - offset;
		}
		else {
			// §3: local send time + (window end - coordinator now); the guard is 0 in ticks.
			deadline = (int) get(pw, RX, RX_W) + Math.max(0, end - now);
		}
		pw = set(pw, LS, LS_W, 2);
		pw = set(pw, RX, RX_W, Math.max(0, Math.min(31, deadline)));
		pw = set(set(pw, RG, RG_W, grant), RW, RW_W, cw);
		n[0] = g;
		n[i] = pw;
	}

	private void deliver(long[] n, int i, int t) {
		long pw = n[i];
		long deadline = get(pw, RX, RX_W);
		long grant = get(pw, RG, RG_W);
		long window = get(pw, RW, RW_W);
		pw = set(pw, LS, LS_W, 0);
		if (t < deadline) {
			long held = get(pw, BW, BW_W);
			boolean fresh = get(pw, BAL, BAL_W) == 0 && get(pw, DL, DL_W) <= t;
			if (window > held || fresh) {
				pw = set(set(set(set(pw, BAL, BAL_W, 0), BW, BW_W, window), DL, DL_W, deadline), EXH, 1, 0);
			}
			else if (window == held) {
				pw = set(pw, DL, DL_W, Math.max(deadline, get(pw, DL, DL_W)));
			}
			if (window >= held || fresh) {
				pw = set(pw, BAL, BAL_W, get(pw, BAL, BAL_W) + grant);
				if (grant == 0) {
					pw = set(set(pw, EXH, 1, 1), DL, DL_W, deadline);
				}
			}
		}
		else if (this.config.mutant() == Mutant.LATE_GRANT_CREDITED && grant > 0) {
			int next = t / this.config.windowTicks();
			pw = set(set(set(pw, BAL, BAL_W, get(pw, BAL, BAL_W) + grant), BW, BW_W, Math.min(3, next)), DL, DL_W,
					(next + 1) * this.config.windowTicks());
		}
		// The waiting request decides now, from what is held.
		long cost = get(pw, WAIT, WAIT_W);
		pw = set(pw, WAIT, WAIT_W, 0);
		boolean live = t < get(pw, DL, DL_W);
		if (cost > 0 && live && get(pw, BAL, BAL_W) >= cost) {
			pw = set(pw, BAL, BAL_W, get(pw, BAL, BAL_W) - cost);
			n[0] = admit(n[0], (int) get(pw, BW, BW_W), cost);
		}
		n[i] = pw;
	}

	private void coordinatorGiveBack(long[] n, int i) {
		long g = n[0];
		long pw = n[i];
		Mutant mutant = this.config.mutant();
		long units = get(pw, GB, GB_W);
		int cw = (int) get(g, CW, CW_W) - 1;
		boolean sameWindow = get(pw, GBW, GBW_W) == cw || mutant == Mutant.CREDIT_ROLLED_WINDOW;
		boolean newSeq = get(pw, GBSEQ, GBSEQ_W) > get(pw, CSEQ, CSEQ_W) || mutant == Mutant.DOUBLE_GIVE_BACK;
		boolean covered = units <= get(pw, CG, CG_W) - get(pw, CB, CB_W) || mutant == Mutant.CREDIT_ROLLED_WINDOW;
		if (cw >= 0 && sameWindow && newSeq && covered) {
			g = set(g, RETURNED, RETURNED_W, saturate(get(g, RETURNED, RETURNED_W) + units));
			pw = set(set(pw, CB, CB_W, saturate(get(pw, CB, CB_W) + units)), CSEQ, CSEQ_W, get(pw, GBSEQ, GBSEQ_W));
		}
		if (get(pw, GBDUP, 1) == 1) {
			pw = set(pw, GBDUP, 1, 0);
		}
		else {
			pw = set(pw, GB, GB_W, 0);
		}
		n[0] = g;
		n[i] = pw;
	}

	private static long clearHolder(long pw) {
		return set(set(set(pw, CG, CG_W, 0), CB, CB_W, 0), CSEQ, CSEQ_W, 0);
	}

	// ---- packing ---------------------------------------------------------------------------

	private long[] canonical(long[] state) {
		for (int i = 1; i <= this.p; i++) {
			state[i] = normalize(state[i]);
		}
		if (this.symmetric && this.p > 1) {
			Arrays.sort(state, 1, this.p + 1);
		}
		return state;
	}

	/**
	 * Clears fields that no longer matter, so that states differing only in them are one: the
	 * reply fields of an idle lease, the give-back fields with nothing in flight, and the window
	 * and deadline of empty escrow that is not a negative-cache entry.
	 */
	private static long normalize(long pw) {
		if (get(pw, LS, LS_W) == 0) {
			pw = set(set(set(pw, RX, RX_W, 0), RG, RG_W, 0), RW, RW_W, 0);
		}
		if (get(pw, GB, GB_W) == 0) {
			pw = set(set(set(pw, GBW, GBW_W, 0), GBSEQ, GBSEQ_W, 0), GBDUP, 1, 0);
		}
		if (get(pw, BAL, BAL_W) == 0 && get(pw, EXH, 1) == 0) {
			pw = set(set(pw, BW, BW_W, 0), DL, DL_W, 0);
		}
		return pw;
	}

	private String describe(long[] s) {
		long g = s[0];
		StringBuilder out = new StringBuilder();
		out.append("t=").append(get(g, T, T_W)).append(" coordinator[w=").append(get(g, CW, CW_W) - 1)
			.append(" granted=").append(get(g, GRANTED, GRANTED_W)).append(" returned=")
			.append(get(g, RETURNED, RETURNED_W)).append(" up=").append(get(g, UP, 1)).append(" lostAt=")
			.append(get(g, LOST_AT, LOST_AT_W) - 1).append("] charged=[");
		for (int w = 0; w < 4; w++) {
			out.append((w > 0) ? "," : "").append(get(g, CHARGED + w * GHOST_W, GHOST_W));
		}
		out.append("] at=[");
		for (int w = 0; w < 4; w++) {
			out.append((w > 0) ? "," : "").append(get(g, AT + w * GHOST_W, GHOST_W));
		}
		out.append(']');
		for (int i = 1; i <= this.p; i++) {
			long pw = s[i];
			out.append(" p").append(i).append("[bal=").append(get(pw, BAL, BAL_W)).append(" w=")
				.append(get(pw, BW, BW_W)).append(" dl=").append(get(pw, DL, DL_W)).append(']');
		}
		return out.toString();
	}

	static long get(long word, int offset, int width) {
		return (word >>> offset) & ((1L << width) - 1);
	}

	static long set(long word, int offset, int width, long value) {
		long mask = (1L << width) - 1;
		if (value < 0 || value > mask) {
			throw new IllegalStateException("model field at bit " + offset + " overflows " + width + " bits: " + value);
		}
		return (word & ~(mask << offset)) | (value << offset);
	}

}
