package dev.weir.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.weir.gossip.wire.MalformedMessageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CounterStoreTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	@Test
	void theCountOfAKeyIsTheSumOfEveryNodesSlot() {
		Replicas replicas = new Replicas(3);
		replicas.node(0).counter("reads", MINUTE).add("bucket", 2);
		replicas.node(1).counter("reads", MINUTE).add("bucket", 3);
		replicas.node(2).counter("reads", MINUTE).add("bucket", 4);
		replicas.sync();
		for (CounterStore store : replicas.stores) {
			assertThat(store.counter("reads", MINUTE).current("bucket")).isEqualTo(9);
		}
	}

	@Test
	void aDeltaMergedTwiceCountsOnce() {
		Replicas replicas = new Replicas(2);
		replicas.node(0).counter("reads", MINUTE).add("bucket", 5);
		byte[] delta = replicas.node(0).drainDeltas(1000).get(0);
		Replicas.merge(replicas.node(1), delta);
		Replicas.merge(replicas.node(1), delta);
		assertThat(replicas.node(1).counter("reads", MINUTE).current("bucket")).isEqualTo(5);
	}

	@Test
	void anOlderDeltaArrivingAfterANewerOneChangesNothing() throws MalformedMessageException {
		Replicas replicas = new Replicas(2);
		SharedCounter reads = replicas.node(0).counter("reads", MINUTE);
		reads.add("bucket", 1);
		byte[] older = replicas.node(0).drainDeltas(1000).get(0);
		reads.add("bucket", 1);
		byte[] newer = replicas.node(0).drainDeltas(1000).get(0);
		Replicas.merge(replicas.node(1), newer);
		assertThat(replicas.node(1).mergeDelta(older)).isFalse();
		assertThat(replicas.node(1).counter("reads", MINUTE).current("bucket")).isEqualTo(2);
	}

	@Test
	void aDeltaCarriesOnlyTheLatestValueOfASlotThatChangedManyTimes() {
		Replicas replicas = new Replicas(2);
		SharedCounter reads = replicas.node(0).counter("reads", MINUTE);
		for (int i = 0; i < 1000; i++) {
			reads.add("bucket", 1);
		}
		List<byte[]> deltas = replicas.node(0).drainDeltas(1000);
		assertThat(deltas).hasSize(1);
		assertThat(deltas.get(0).length).isLessThan(64);
		assertThat(replicas.node(0).drainDeltas(1000)).isEmpty();
	}

	@Test
	void manyChangedKeysAreSplitIntoDeltasThatFitTheGivenSize() {
		Replicas replicas = new Replicas(2);
		SharedCounter reads = replicas.node(0).counter("reads", MINUTE);
		for (int i = 0; i < 500; i++) {
			reads.add("bucket-" + i, 1);
		}
		List<byte[]> deltas = replicas.node(0).drainDeltas(1000);
		assertThat(deltas).hasSizeGreaterThan(1).allSatisfy((delta) -> assertThat(delta.length).isLessThanOrEqualTo(1000));
		deltas.forEach((delta) -> Replicas.merge(replicas.node(1), delta));
		for (int i = 0; i < 500; i++) {
			assertThat(replicas.node(1).counter("reads", MINUTE).current("bucket-" + i)).isEqualTo(1);
		}
	}

	@Test
	void deltasAreFilledToTheGivenSize() {
		Replicas replicas = new Replicas(2);
		SharedCounter reads = replicas.node(0).counter("reads", MINUTE);
		for (int i = 0; i < 500; i++) {
			reads.add("bucket-" + i, 1);
		}
		List<byte[]> deltas = replicas.node(0).drainDeltas(1000);
		assertThat(deltas.subList(0, deltas.size() - 1)).allSatisfy((delta) -> assertThat(delta.length).isGreaterThan(900));
	}

	@Test
	void aRestartedNodeTakesBackItsOwnSlotFromAPeersSnapshot() {
		Replicas replicas = new Replicas(2);
		replicas.node(0).counter("reads", MINUTE).add("bucket", 7);
		replicas.sync();
		CounterStore restarted = new CounterStore("node-0", replicas.clock, 10_000);
		Replicas.mergeSnapshot(restarted, replicas.node(1).snapshot());
		SharedCounter reads = restarted.counter("reads", MINUTE);
		assertThat(reads.current("bucket")).isEqualTo(7);
		assertThat(reads.add("bucket", 1)).isEqualTo(8);
	}

	@Test
	void aSnapshotBringsAJoiningNodeUpToDateWithEverySlot() {
		Replicas replicas = new Replicas(3);
		replicas.node(0).counter("reads", MINUTE).add("a", 1);
		replicas.node(1).counter("reads", MINUTE).add("a", 2);
		replicas.node(1).counter("writes", MINUTE).add("b", 3);
		replicas.sync();
		CounterStore joiner = new CounterStore("node-9", replicas.clock, 10_000);
		Replicas.mergeSnapshot(joiner, replicas.node(2).snapshot());
		assertThat(joiner.counter("reads", MINUTE).current("a")).isEqualTo(3);
		assertThat(joiner.counter("writes", MINUTE).current("b")).isEqualTo(3);
	}

	@Test
	void slotsLearnedFromASnapshotArePassedOnToTheOthers() {
		Replicas replicas = new Replicas(3);
		replicas.node(0).counter("reads", MINUTE).add("bucket", 5);
		Replicas.mergeSnapshot(replicas.node(1), replicas.node(0).snapshot());
		replicas.node(0).drainDeltas(1000);
		replicas.node(1).drainDeltas(1000).forEach((delta) -> Replicas.merge(replicas.node(2), delta));
		assertThat(replicas.node(2).counter("reads", MINUTE).current("bucket")).isEqualTo(5);
		assertThat(replicas.node(1).drainDeltas(1000)).isEmpty();
	}

	@Test
	void thePreviousWindowStaysReadableAndOlderWindowsAreNotKept() {
		Replicas replicas = new Replicas(1);
		SharedCounter reads = replicas.node(0).counter("reads", MINUTE);
		reads.add("bucket", 4);
		replicas.clock.advance(MINUTE);
		assertThat(reads.previous("bucket")).isEqualTo(4);
		assertThat(reads.current("bucket")).isZero();
		replicas.clock.advance(MINUTE);
		assertThat(reads.previous("bucket")).isZero();
		replicas.node(0).expire();
		assertThat(replicas.node(0).keyCount()).isZero();
	}

	@Test
	void aDeltaForAWindowThatIsOverIsNotMerged() {
		Replicas replicas = new Replicas(2);
		replicas.node(0).counter("reads", MINUTE).add("bucket", 4);
		byte[] delta = replicas.node(0).drainDeltas(1000).get(0);
		replicas.clock.advance(Duration.ofMinutes(2));
		Replicas.merge(replicas.node(1), delta);
		assertThat(replicas.node(1).keyCount()).isZero();
	}

	@Test
	void keysBeyondTheBoundEvictTheStalestAndAreCounted() {
		Replicas replicas = new Replicas(1, 100);
		SharedCounter reads = replicas.node(0).counter("reads", MINUTE);
		for (int i = 0; i < 1000; i++) {
			reads.add("key-" + i, 1);
		}
		assertThat(replicas.node(0).keyCount()).isLessThanOrEqualTo(101);
		assertThat(replicas.node(0).evictedKeys()).isGreaterThanOrEqualTo(899);
	}

	@Test
	void keysWhoseWindowsAreOverMakeRoomBeforeAnyLiveKeyIsEvicted() {
		Replicas replicas = new Replicas(1, 100);
		SharedCounter reads = replicas.node(0).counter("reads", MINUTE);
		for (int i = 0; i < 100; i++) {
			reads.add("old-" + i, 1);
		}
		replicas.clock.advance(Duration.ofMinutes(2));
		for (int i = 0; i < 50; i++) {
			reads.add("new-" + i, 1);
		}
		assertThat(replicas.node(0).evictedKeys()).isZero();
		assertThat(reads.current("new-0")).isEqualTo(1);
	}

	@Test
	void aMalformedDeltaIsRejectedAndMergesNothing() {
		Replicas replicas = new Replicas(2);
		replicas.node(0).counter("reads", MINUTE).add("a", 1);
		replicas.node(0).counter("reads", MINUTE).add("b", 1);
		byte[] delta = replicas.node(0).drainDeltas(1000).get(0);
		byte[] truncated = java.util.Arrays.copyOf(delta, delta.length - 3);
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> replicas.node(1).mergeDelta(truncated));
		assertThat(replicas.node(1).keyCount()).isZero();
	}

	@Test
	void aNegativeCountIsRejected() {
		byte[] delta = new dev.weir.gossip.wire.MsgpackWriter().arrayHeader(1)
			.arrayHeader(7)
			.string("counter/reads")
			.integer(60_000)
			.string("a")
			.integer(Replicas.START / 60_000)
			.string("node-0")
			.integer(-5)
			.integer(0)
			.toByteArray();
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> new Replicas(1).node(0).mergeDelta(delta))
			.withMessageContaining("count");
	}

	@Test
	void aPeerCannotMakeANodeKeepMoreCountersThanTheBound() {
		Replicas replicas = new Replicas(2);
		List<byte[]> deltas = new ArrayList<>();
		for (int i = 0; i < CounterStore.MAX_COUNTERS + 10; i++) {
			replicas.node(0).counter("c" + i, MINUTE).add("a", 1);
			deltas.addAll(replicas.node(0).drainDeltas(1000));
		}
		deltas.forEach((delta) -> Replicas.merge(replicas.node(1), delta));
		assertThat(replicas.node(1).refusedCounters()).isEqualTo(10);
	}

}
