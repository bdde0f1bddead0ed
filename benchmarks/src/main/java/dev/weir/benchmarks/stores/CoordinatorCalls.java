package dev.weir.benchmarks.stores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * The calls measured against one store: its plain round trip (the baseline), and the
 * coordinator's probe, lease and give-back.
 *
 * <p>The budget is so large and the window so long that every lease grants in full and no
 * window ends during a run (a window is 30 days, aligned to the epoch). A give-back returns one
 * unit of the caller's oldest grant, on the key it was leased on, so it is credited. Leases
 * grant 8 units and give-backs return 1, so callers mostly hold enough; before a run of
 * give-backs, a caller that holds less than twice its largest run so far leases more, untimed,
 * 64 units at a time on its next keys (one starved of CPU while the others leased could
 * otherwise run out). Callers count zero grants
 * and uncredited give-backs, which the report prints: both should be 0, or the run measured
 * another path than the one it names.
 */
final class CoordinatorCalls {

	static final String LIMITER = "bench";

	static final long LIMIT = 1_000_000_000_000L;

	static final long WINDOW_MILLIS = Duration.ofDays(30).toMillis();

	/** Units a lease asks for: the default batch. */
	static final long BATCH = 8;

	/** Units of an untimed lease that tops up what a caller holds before a run of give-backs. */
	private static final long TOP_UP = 64;

	private final GlobalCoordinator coordinator;

	CoordinatorCalls(GlobalCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	/**
	 * Returns the calls to measure, the baseline first, the lease before the give-back.
	 * @param baselineName what the baseline does, such as {@code PING}
	 * @param baseline the store's plain round trip through the connection the coordinator uses
	 * @param probe whether to measure the coordinator's probe (reads the clock, writes nothing)
	 * @return the named calls
	 */
	List<NamedCall> calls(String baselineName, StoreCall baseline, boolean probe) {
		List<NamedCall> calls = new ArrayList<>();
		calls.add(new NamedCall(baselineName, baseline, NamedCall.NOTHING));
		if (probe) {
			calls.add(new NamedCall("probe", (caller) -> this.coordinator.probe(), NamedCall.NOTHING));
		}
		calls.add(new NamedCall("lease (want " + BATCH + ")", (caller) -> lease(caller, BATCH), NamedCall.NOTHING));
		calls.add(new NamedCall("giveBack (1 unit)", this::giveBack, this::stock));
		return calls;
	}

	private void lease(Caller caller, long want) {
		String key = caller.nextKey();
		LeaseGrant grant = this.coordinator.lease(
				new LeaseRequest(LIMITER, key, caller.holder(), want, caller.nextRequestId(), LIMIT, WINDOW_MILLIS));
		caller.granted(key, grant.granted(), grant.windowIndex());
	}

	/** Tops up what a caller holds to what its next run of give-backs may take. */
	private void stock(Caller caller) {
		long wanted = caller.unitsWanted();
		while (caller.heldUnits() < wanted) {
			lease(caller, TOP_UP);
		}
	}

	private void giveBack(Caller caller) {
		caller.credited(this.coordinator.giveBack(new GiveBackRequest(LIMITER, caller.nextHeldKey(), caller.holder(),
				caller.windowIndex(), 1, caller.nextSeq())));
	}

	/**
	 * A call with the name the report gives it.
	 *
	 * @param name the name
	 * @param call the call
	 * @param before what to do for each caller, untimed, before a run of the call
	 */
	record NamedCall(String name, StoreCall call, StoreCall before) {

		static final StoreCall NOTHING = (caller) -> {
		};

	}

}
