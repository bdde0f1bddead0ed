package dev.weir.federation;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.weir.federation.FederationModel.Config;
import dev.weir.federation.FederationModel.Fault;
import dev.weir.federation.FederationModel.Mutant;
import dev.weir.federation.FederationModel.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exhaustive exploration of the federation protocol (docs/FEDERATION.md §5): every reachable
 * state within the bounds keeps the invariants, and every mutant breaks one. The bounds are
 * chosen so that the whole class runs in well under a minute on two cores; docs/FEDERATION.md
 * lists them with their state counts.
 */
@Tag("simulation")
class FederationExplorerTests {

	/** Lost, delayed and duplicated messages, give-backs, two processes, costs 1. */
	static final Config MESSAGES = new Config(2, 4, 2, 3, 2, 1, 2,
			EnumSet.of(Fault.LOSE_MESSAGE, Fault.DUPLICATE_GIVE_BACK), 1, null);

	/** A coordinator that goes down, loses its state, has its clock stepped back; two faults per run. */
	static final Config COORDINATOR_FAULTS = new Config(2, 4, 2, 3, 2, 1, 2,
			EnumSet.of(Fault.COORDINATOR_DOWN, Fault.STATE_LOSS, Fault.CLOCK_STEP_BACK, Fault.LOSE_MESSAGE), 0, null);

	/** Costs of 1 and 2 with give-backs and one message fault. */
	static final Config COSTS = new Config(2, 4, 2, 3, 2, 2, 1, EnumSet.of(Fault.LOSE_MESSAGE), 1, null);

	/** Three processes, one fault per run. */
	static final Config THREE = new Config(3, 4, 2, 3, 2, 1, 1, EnumSet.of(Fault.LOSE_MESSAGE, Fault.STATE_LOSS), 0,
			null);

	/** A clock stepped forward: only the accounting form holds (C7 assumes bounded rate error). */
	static final Config STEP_FORWARD = new Config(2, 4, 2, 3, 2, 1, 1,
			EnumSet.of(Fault.CLOCK_STEP_FORWARD, Fault.STATE_LOSS), 0, null);

	/** Small enough for every mutant to be found fast, with the faults some of them need. */
	static final Config MUTANTS = new Config(2, 4, 2, 3, 2, 1, 1,
			EnumSet.of(Fault.DUPLICATE_GIVE_BACK, Fault.STATE_LOSS), 1, null);

	private static Result explore(Config config, boolean conservation) {
		Result result = conservation ? FederationModel.explore(config) : FederationModel.exploreForOvershoot(config);
		System.out.println(config + " -> " + result.states() + " states, " + result.transitions() + " transitions, "
				+ result.millis() + " ms" + ((result.violation() != null) ? "\n" + result.violation() : ""));
		return result;
	}

	@Test
	void lostAndDuplicatedMessagesNeverMakeAWindowAdmitMoreThanItsLimit() {
		assertThat(explore(MESSAGES, true).violation()).isNull();
	}

	@Test
	void coordinatorOutagesStateLossAndClockStepsBackNeverMakeAWindowAdmitMoreThanItsLimit() {
		assertThat(explore(COORDINATOR_FAULTS, true).violation()).isNull();
	}

	@Test
	void requestsOfSeveralPermitsNeverMakeAWindowAdmitMoreThanItsLimit() {
		assertThat(explore(COSTS, true).violation()).isNull();
	}

	@Test
	void threeProcessesNeverMakeAWindowAdmitMoreThanItsLimit() {
		assertThat(explore(THREE, true).violation()).isNull();
	}

	@Test
	void aClockSteppedForwardKeepsTheChargedBound() {
		Result result = explore(STEP_FORWARD, true);
		assertThat(result.violation()).isNull();
		assertThat(result.states()).isGreaterThan(1000);
	}

	@Test
	void theExplorerReachesAWindowThatAdmitsExactlyItsLimit() {
		Config reachable = new Config(2, 4, 2, 3, 1, 1, 0, EnumSet.noneOf(Fault.class), 0, null);
		assertThat(FederationModel.reaches(reachable, 4)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Mutant.class)
	void everyMutantBreaksAnInvariant(Mutant mutant) {
		assertThat(explore(MUTANTS.with(mutant), true).violation()).isNotNull();
	}

	@ParameterizedTest
	@EnumSource(Mutant.class)
	void everyMutantMakesAWindowAdmitMoreThanItsLimit(Mutant mutant) {
		Result result = explore(MUTANTS.with(mutant), false);
		assertThat(result.violation()).isNotNull();
		assertThat(result.violation().invariant()).contains("> L");
	}

	@Test
	void theAnchorModelReachesThrottleKitsStateCounts() {
		assertThat(AnchorModel.states(2, 4, 2, false)).isEqualTo(8);
		assertThat(AnchorModel.states(3, 6, 3, false)).isEqualTo(27);
		assertThat(AnchorModel.states(5, 10, 2, false)).isEqualTo(112);
		assertThat(AnchorModel.states(2, 4, 2, true)).isEqualTo(31);
		assertThat(AnchorModel.states(3, 6, 3, true)).isEqualTo(441);
		assertThat(AnchorModel.states(5, 10, 2, true)).isEqualTo(992);
	}

	@Test
	void theAnchorBaselineExceedsTheLimitByTheCarriedEscrow() {
		assertThat(AnchorModel.maxAdmitted(3, 6, 3, true)).isEqualTo(6 + 3 * (3 - 1));
		assertThat(AnchorModel.maxAdmitted(3, 6, 3, false)).isEqualTo(6);
	}

}
