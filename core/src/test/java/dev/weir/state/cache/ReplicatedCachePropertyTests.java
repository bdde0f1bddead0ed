package dev.weir.state.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.time.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Convergence of {@link ReplicatedCache} replicas over random histories: three replicas put,
 * evict and clear a few keys while merging some of each other's deltas as they go; then every
 * replica receives every delta (or every snapshot) again, shuffled and duplicated. Time stands
 * still, so nothing expires.
 */
class ReplicatedCachePropertyTests {

	private static final int REPLICAS = 3;

	@Property(tries = 300)
	void anyOrderAndDuplicationOfDeltasGivesEveryReplicaTheSameEntries(@ForAll("histories") List<Op> history,
			@ForAll @IntRange(min = 40, max = 400) int maxBytes, @ForAll long seed) throws Exception {
		Run run = new Run(maxBytes);
		run.play(history);
		Random random = new Random(seed);
		for (ReplicatedCache replica : run.replicas) {
			for (byte[] delta : shuffledWithDuplicates(run.sent, random)) {
				replica.mergeDelta(delta);
			}
		}
		for (ReplicatedCache replica : run.replicas) {
			assertThat(replica.entries()).as(replica.nodeName()).isEqualTo(run.replicas.get(0).entries());
		}
	}

	@Property(tries = 300)
	void everyKeyEndsWithItsLastWriteUnlessALaterClearDeletedIt(@ForAll("histories") List<Op> history,
			@ForAll @IntRange(min = 40, max = 400) int maxBytes, @ForAll long seed) throws Exception {
		Run run = new Run(maxBytes);
		run.play(history);
		ReplicatedCache observer = new ReplicatedCache(CacheConfig.of("c", Duration.ofHours(1)), "observer", run.clock);
		for (byte[] delta : shuffledWithDuplicates(run.sent, new Random(seed))) {
			observer.mergeDelta(delta);
		}
		assertThat(observer.entries()).isEqualTo(lastWrites(run.sent));
	}

	@Property(tries = 300)
	void snapshotsMergedInAnyOrderGiveEveryReplicaTheSameEntries(@ForAll("histories") List<Op> history,
			@ForAll long seed) throws Exception {
		Run run = new Run(1400);
		run.play(history);
		List<byte[]> snapshots = new ArrayList<>();
		for (ReplicatedCache replica : run.replicas) {
			snapshots.add(replica.snapshot());
		}
		Random random = new Random(seed);
		for (ReplicatedCache replica : run.replicas) {
			for (byte[] snapshot : shuffledWithDuplicates(snapshots, random)) {
				replica.mergeSnapshot(snapshot);
			}
		}
		for (ReplicatedCache replica : run.replicas) {
			assertThat(replica.entries()).as(replica.nodeName()).isEqualTo(run.replicas.get(0).entries());
		}
	}

	/**
	 * The reference: for each key the greatest write of all that were sent, unless a clear
	 * stamped at or after it was sent too.
	 */
	private static Map<String, CacheEntry> lastWrites(List<byte[]> sent) throws MalformedMessageException {
		Map<String, CacheEntry> last = new HashMap<>();
		Stamp clear = null;
		for (byte[] delta : sent) {
			CacheCodec.Decoded decoded = CacheCodec.decode(delta);
			if (decoded.clear() != null && (clear == null || decoded.clear().compareTo(clear) > 0)) {
				clear = decoded.clear();
			}
			for (CacheEntry entry : decoded.entries()) {
				last.merge(entry.key(), entry,
						(x, y) -> (CacheEntry.LAST_WRITER_WINS.compare(x, y) >= 0) ? x : y);
			}
		}
		Stamp finalClear = clear;
		last.values().removeIf((entry) -> finalClear != null && entry.stamp().compareTo(finalClear) <= 0);
		return last;
	}

	private static List<byte[]> shuffledWithDuplicates(List<byte[]> items, Random random) {
		List<byte[]> delivered = new ArrayList<>(items);
		for (byte[] item : items) {
			if (random.nextInt(4) == 0) {
				delivered.add(item);
			}
		}
		Collections.shuffle(delivered, random);
		return delivered;
	}

	@Provide
	Arbitrary<List<Op>> histories() {
		Arbitrary<Integer> replica = Arbitraries.integers().between(0, REPLICAS - 1);
		Arbitrary<Kind> kind = Arbitraries.frequency(
				net.jqwik.api.Tuple.of(8, Kind.PUT), net.jqwik.api.Tuple.of(3, Kind.EVICT),
				net.jqwik.api.Tuple.of(1, Kind.CLEAR), net.jqwik.api.Tuple.of(4, Kind.DRAIN),
				net.jqwik.api.Tuple.of(4, Kind.RECEIVE));
		Arbitrary<Op> op = Combinators.combine(kind, replica, Arbitraries.integers().between(0, 4),
				Arbitraries.integers().between(0, 1000))
			.as(Op::new);
		return op.list().ofMinSize(1).ofMaxSize(60);
	}

	enum Kind {

		PUT, EVICT, CLEAR, DRAIN, RECEIVE

	}

	/**
	 * One step of a history.
	 * @param kind what happens
	 * @param replica on which replica
	 * @param key which key (put, evict)
	 * @param number the value written, or which sent delta is received
	 */
	record Op(Kind kind, int replica, int key, int number) {

	}

	/**
	 * Replicas on one frozen clock, and every delta any of them drained.
	 */
	static final class Run {

		final ManualClock clock = new ManualClock(1_700_000_000_000L);

		final List<ReplicatedCache> replicas = new ArrayList<>();

		final List<byte[]> sent = new ArrayList<>();

		private final int maxBytes;

		Run(int maxBytes) {
			this.maxBytes = maxBytes;
			for (int i = 0; i < REPLICAS; i++) {
				this.replicas.add(new ReplicatedCache(CacheConfig.of("c", Duration.ofHours(1)), "n" + i, this.clock));
			}
		}

		void play(List<Op> history) throws MalformedMessageException {
			for (Op op : history) {
				ReplicatedCache replica = this.replicas.get(op.replica());
				String key = "k" + op.key();
				switch (op.kind()) {
					case PUT -> replica.put(key, ("v" + op.number()).getBytes(StandardCharsets.UTF_8));
					case EVICT -> replica.evict(key);
					case CLEAR -> replica.clear();
					case DRAIN -> this.sent.addAll(replica.drainDeltas(this.maxBytes));
					case RECEIVE -> {
						byte @Nullable [] delta = this.sent.isEmpty() ? null : this.sent.get(op.number() % this.sent.size());
						if (delta != null) {
							replica.mergeDelta(delta);
						}
					}
				}
			}
			for (ReplicatedCache replica : this.replicas) {
				this.sent.addAll(replica.drainDeltas(this.maxBytes));
			}
		}

	}

}
