package dev.weir.state.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.weir.gossip.wire.DropReason;
import dev.weir.gossip.wire.MalformedMessageException;
import dev.weir.gossip.wire.MsgpackWriter;
import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of one {@link ReplicatedCache} replica and of two or three exchanging deltas and
 * snapshots by hand, on virtual time.
 */
class ReplicatedCacheTests {

	private static final Duration TTL = Duration.ofMinutes(1);

	private static final int MAX_BYTES = 1400;

	private final ManualClock clock = new ManualClock(1_700_000_000_000L);

	private final ReplicatedCache a = replica("a");

	private final ReplicatedCache b = replica("b");

	@Test
	void aValuePutIsReadBack() {
		this.a.put("k", bytes("v"));
		assertThat(value(this.a, "k")).isEqualTo("v");
	}

	@Test
	void readsAreCountedAsHitsAndMisses() {
		this.a.put("k", bytes("v"));
		this.a.get("k");
		this.a.get("k");
		this.a.get("other");
		assertThat(this.a.hitCount()).isEqualTo(2);
		assertThat(this.a.missCount()).isOne();
	}

	@Test
	void anUnknownKeyReadsAsEmpty() {
		assertThat(this.a.get("k")).isEmpty();
	}

	@Test
	void putAndGetCopyTheValue() {
		byte[] value = bytes("v");
		this.a.put("k", value);
		value[0] = 'x';
		this.a.get("k").orElseThrow()[0] = 'y';
		assertThat(value(this.a, "k")).isEqualTo("v");
	}

	@Test
	void aDeltaCarriesAWriteToAnotherReplica() throws Exception {
		this.a.put("k", bytes("v"));
		assertThat(deliver(this.a, this.b)).isTrue();
		assertThat(value(this.b, "k")).isEqualTo("v");
	}

	@Test
	void aWriteWithAGreaterLamportTimeReplacesTheValue() throws Exception {
		this.a.put("k", bytes("first"));
		this.a.put("k", bytes("second"));
		List<byte[]> deltas = this.a.drainDeltas(MAX_BYTES);
		this.b.put("k", bytes("b's"));
		for (byte[] delta : deltas) {
			this.b.mergeDelta(delta);
		}
		assertThat(value(this.b, "k")).as("a's write at time 3 beats b's at time 2").isEqualTo("second");
	}

	@Test
	void aWriteWithASmallerLamportTimeArrivingLateIsIgnored() throws Exception {
		this.a.put("k", bytes("old"));
		List<byte[]> late = this.a.drainDeltas(MAX_BYTES);
		this.b.put("k", bytes("x"));
		this.b.put("k", bytes("new"));
		assertThat(this.b.mergeDelta(late.get(0))).isFalse();
		assertThat(value(this.b, "k")).isEqualTo("new");
	}

	@Test
	void equalLamportTimesAreDecidedByTheGreaterNodeName() throws Exception {
		this.a.put("k", bytes("from a"));
		this.b.put("k", bytes("from b"));
		List<byte[]> fromA = this.a.drainDeltas(MAX_BYTES);
		List<byte[]> fromB = this.b.drainDeltas(MAX_BYTES);
		assertThat(this.a.mergeDelta(fromB.get(0))).isTrue();
		assertThat(this.b.mergeDelta(fromA.get(0))).isFalse();
		assertThat(value(this.a, "k")).isEqualTo("from b");
		assertThat(value(this.b, "k")).isEqualTo("from b");
	}

	@Test
	void aDeltaMergedTwiceChangesNothingTheSecondTime() throws Exception {
		this.a.put("k", bytes("v"));
		byte[] delta = this.a.drainDeltas(MAX_BYTES).get(0);
		assertThat(this.b.mergeDelta(delta)).isTrue();
		assertThat(this.b.mergeDelta(delta)).isFalse();
	}

	@Test
	void aLocalWriteAfterAMergeBeatsTheMergedWrite() throws Exception {
		for (int i = 0; i < 10; i++) {
			this.a.put("k", bytes("a" + i));
		}
		deliver(this.a, this.b);
		this.b.put("k", bytes("b"));
		deliver(this.b, this.a);
		assertThat(value(this.a, "k")).isEqualTo("b");
	}

	@Test
	void aNodeRestartedUnderItsNameWritesAfterItsEarlierLifeBeforeAnySync() throws Exception {
		for (int i = 0; i < 100; i++) {
			this.a.put("k", bytes("before restart " + i));
		}
		deliver(this.a, this.b);
		this.clock.advance(Duration.ofSeconds(1));
		ReplicatedCache restarted = replica("a");
		restarted.put("k", bytes("after restart"));
		deliver(restarted, this.b);
		assertThat(value(this.b, "k")).isEqualTo("after restart");
	}

	@Test
	void writesMergedFromOthersAreNotDrainedAgain() throws Exception {
		this.a.put("k", bytes("v"));
		deliver(this.a, this.b);
		assertThat(this.b.drainDeltas(MAX_BYTES)).isEmpty();
	}

	@Test
	void evictDeletesTheKeyOnOtherReplicas() throws Exception {
		this.a.put("k", bytes("v"));
		deliver(this.a, this.b);
		assertThat(this.b.evict("k")).isTrue();
		assertThat(deliver(this.b, this.a)).isTrue();
		assertThat(this.a.get("k")).isEmpty();
	}

	@Test
	void evictOfAKeyThisReplicaNeverSawStillDeletesItElsewhere() throws Exception {
		this.a.put("k", bytes("v"));
		deliver(this.a, this.b);
		ReplicatedCache c = replica("c");
		deliver(this.b, c);
		assertThat(c.evict("k")).isFalse();
		c.put("other", bytes("x"));
		deliver(c, this.a);
		assertThat(this.a.get("k")).as("c's clock had not seen a's write, yet c's tombstone is later than a's write")
			.isEmpty();
	}

	@Test
	void aTombstoneBeatsAnOlderWriteThatArrivesAfterIt() throws Exception {
		this.a.put("k", bytes("old"));
		List<byte[]> late = this.a.drainDeltas(MAX_BYTES);
		deliverAll(late, this.b);
		this.b.evict("k");
		ReplicatedCache c = replica("c");
		deliver(this.b, c);
		assertThat(c.mergeDelta(late.get(0))).isFalse();
		assertThat(c.get("k")).isEmpty();
	}

	@Test
	void aTombstoneLosesToANewerWrite() throws Exception {
		this.a.put("k", bytes("v"));
		deliver(this.a, this.b);
		this.b.evict("k");
		List<byte[]> tombstone = this.b.drainDeltas(MAX_BYTES);
		deliverAll(tombstone, this.a);
		this.a.put("k", bytes("again"));
		deliver(this.a, this.b);
		assertThat(this.b.mergeDelta(tombstone.get(0))).isFalse();
		assertThat(value(this.b, "k")).isEqualTo("again");
	}

	@Test
	void clearDeletesEveryEntryOnEveryReplica() throws Exception {
		this.a.put("k1", bytes("v"));
		this.a.put("k2", bytes("v"));
		deliver(this.a, this.b);
		this.b.clear();
		assertThat(this.b.size()).isZero();
		assertThat(deliver(this.b, this.a)).isTrue();
		assertThat(this.a.size()).isZero();
	}

	@Test
	void clearAlsoDeletesOlderWritesThatArriveAfterIt() throws Exception {
		this.a.put("k", bytes("v"));
		List<byte[]> late = this.a.drainDeltas(MAX_BYTES);
		deliverAll(late, this.b);
		this.b.clear();
		ReplicatedCache c = replica("c");
		deliver(this.b, c);
		assertThat(c.mergeDelta(late.get(0))).isFalse();
		assertThat(c.get("k")).isEmpty();
	}

	@Test
	void aWriteAfterAClearSurvivesIt() throws Exception {
		this.a.put("k", bytes("v"));
		deliver(this.a, this.b);
		this.b.clear();
		deliver(this.b, this.a);
		this.a.put("k", bytes("after"));
		deliver(this.a, this.b);
		assertThat(value(this.b, "k")).isEqualTo("after");
	}

	@Test
	void anEntryIsVisibleUntilItsTtlEnds() {
		this.a.put("k", bytes("v"));
		this.clock.advance(TTL.minusMillis(1));
		assertThat(this.a.get("k")).isPresent();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.a.get("k")).isEmpty();
	}

	@Test
	void expiredEntriesArePurgedAtTheNextWrite() {
		this.a.put("k1", bytes("v"));
		this.clock.advance(TTL);
		this.a.put("k2", bytes("v"));
		assertThat(this.a.entries()).containsOnlyKeys("k2");
		assertThat(this.a.evictionCount()).as("expiry is not eviction").isZero();
	}

	@Test
	void aReplicaAppliesTheWritersExpiryNotItsOwnArrivalTime() throws Exception {
		this.a.put("k", bytes("v"));
		List<byte[]> deltas = this.a.drainDeltas(MAX_BYTES);
		this.clock.advance(TTL.minusSeconds(1));
		deliverAll(deltas, this.b);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.b.get("k")).isEmpty();
	}

	@Test
	void aWriteThatExpiredInTransitIsKeptOnlyAsATombstone() throws Exception {
		this.a.put("k", bytes("v"));
		List<byte[]> deltas = this.a.drainDeltas(MAX_BYTES);
		this.clock.advance(TTL);
		assertThat(this.b.mergeDelta(deltas.get(0))).as("nothing to pass on").isFalse();
		assertThat(this.b.get("k")).isEmpty();
		assertThat(this.b.entries().get("k").isTombstone()).isTrue();
	}

	@Test
	void aWriteThatExpiredInTransitStillRefusesAnOlderLiveWriteArrivingAfterIt() throws Exception {
		ReplicatedCache longLived = replica("a");
		ReplicatedCache shortLived = new ReplicatedCache(CacheConfig.of("c", Duration.ofSeconds(1)), "b", this.clock);
		longLived.put("k", bytes("old"));
		List<byte[]> older = longLived.drainDeltas(MAX_BYTES);
		deliverAll(older, shortLived);
		shortLived.put("k", bytes("new"));
		List<byte[]> newer = shortLived.drainDeltas(MAX_BYTES);
		this.clock.advance(Duration.ofSeconds(2));
		deliverAll(newer, this.b);
		assertThat(this.b.mergeDelta(older.get(0))).isFalse();
		assertThat(this.b.get("k")).as("the same outcome as with the older write first").isEmpty();
	}

	@Test
	void aLaterWriteThatExpiredInTransitStillRemovesTheEarlierValue() throws Exception {
		ReplicatedCache shortLived = new ReplicatedCache(CacheConfig.of("c", Duration.ofSeconds(1)), "b", this.clock);
		ReplicatedCache longLived = replica("a");
		longLived.put("k", bytes("old"));
		deliver(longLived, shortLived);
		shortLived.put("k", bytes("new"));
		List<byte[]> deltas = shortLived.drainDeltas(MAX_BYTES);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(longLived.mergeDelta(deltas.get(0))).isTrue();
		assertThat(longLived.get("k")).isEmpty();
	}

	@Test
	void tombstonesAreForgottenAfterTheTombstoneTtl() {
		ReplicatedCache cache = new ReplicatedCache(
				CacheConfig.of("c", TTL).withTombstoneTtl(Duration.ofSeconds(5)), "a", this.clock);
		cache.put("k", bytes("v"));
		cache.evict("k");
		this.clock.advance(Duration.ofSeconds(4));
		cache.put("other", bytes("v"));
		assertThat(cache.entries()).containsKey("k");
		this.clock.advance(Duration.ofSeconds(1));
		cache.put("other", bytes("v"));
		assertThat(cache.entries()).doesNotContainKey("k");
	}

	@Test
	void aFullCacheEvictsTheOldestWritesAndCountsThem() {
		ReplicatedCache cache = new ReplicatedCache(CacheConfig.of("c", TTL).withMaxEntries(3), "a", this.clock);
		for (int i = 0; i < 5; i++) {
			cache.put("k" + i, bytes("v"));
			this.clock.advance(Duration.ofMillis(1));
		}
		assertThat(cache.entries()).containsOnlyKeys("k2", "k3", "k4");
		assertThat(cache.evictionCount()).isEqualTo(2);
	}

	@Test
	void aFullCacheLetsExpiredEntriesGoBeforeEvictingLiveOnes() throws Exception {
		ReplicatedCache shortLived = new ReplicatedCache(CacheConfig.of("c", Duration.ofSeconds(1)), "b", this.clock);
		ReplicatedCache cache = new ReplicatedCache(CacheConfig.of("c", TTL).withMaxEntries(2), "a", this.clock);
		cache.put("live", bytes("v"));
		shortLived.put("brief", bytes("v"));
		deliver(shortLived, cache);
		this.clock.advance(Duration.ofSeconds(1));
		cache.put("new", bytes("v"));
		assertThat(cache.entries()).containsOnlyKeys("live", "new");
		assertThat(cache.evictionCount()).isZero();
	}

	@Test
	void aFullCacheEvictsTheEntryThatExpiresSoonest() throws Exception {
		ReplicatedCache shortLived = new ReplicatedCache(CacheConfig.of("c", Duration.ofSeconds(10)), "b", this.clock);
		ReplicatedCache cache = new ReplicatedCache(CacheConfig.of("c", TTL).withMaxEntries(2), "a", this.clock);
		cache.put("older but long-lived", bytes("v"));
		this.clock.advance(Duration.ofSeconds(1));
		shortLived.put("newer but short-lived", bytes("v"));
		deliver(shortLived, cache);
		cache.put("new", bytes("v"));
		assertThat(cache.entries()).containsOnlyKeys("older but long-lived", "new");
		assertThat(cache.evictionCount()).isOne();
	}

	@Test
	void putRefusesAValueLargerThanTheConfiguredMaximum() {
		ReplicatedCache cache = new ReplicatedCache(CacheConfig.of("c", TTL).withMaxValueBytes(4), "a", this.clock);
		cache.put("k", new byte[4]);
		assertThatIllegalArgumentException().isThrownBy(() -> cache.put("k", new byte[5]))
			.withMessage("value takes 5 bytes, more than the 4 allowed in cache 'c'");
		assertThat(cache.get("k")).hasValueSatisfying((value) -> assertThat(value).hasSize(4));
	}

	@Test
	void putIfAbsentKeepsALiveValue() {
		this.a.put("k", bytes("first"));
		assertThat(this.a.putIfAbsent("k", bytes("second"))).hasValueSatisfying(
				(value) -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("first"));
		assertThat(value(this.a, "k")).isEqualTo("first");
	}

	@Test
	void putIfAbsentWritesOverAnExpiredValue() {
		this.a.put("k", bytes("first"));
		this.clock.advance(TTL);
		assertThat(this.a.putIfAbsent("k", bytes("second"))).isEmpty();
		assertThat(value(this.a, "k")).isEqualTo("second");
	}

	@Test
	void drainHandsOutOnlyTheLatestWriteOfEachKey() throws Exception {
		this.a.put("k", bytes("1"));
		this.a.put("k", bytes("2"));
		this.a.evict("k");
		this.a.put("k", bytes("3"));
		List<byte[]> deltas = this.a.drainDeltas(MAX_BYTES);
		assertThat(deltas).hasSize(1);
		assertThat(CacheCodec.decode(deltas.get(0)).entries()).singleElement()
			.satisfies((entry) -> assertThat(entry.value()).isEqualTo(bytes("3")));
	}

	@Test
	void aWriteSupersededByANewerOneFromAnotherNodeIsNotDrained() throws Exception {
		this.a.put("k", bytes("a's"));
		this.b.put("k", bytes("b's"));
		deliver(this.b, this.a);
		assertThat(this.a.drainDeltas(MAX_BYTES)).isEmpty();
	}

	@Test
	void aSecondDrainWithoutWritesIsEmpty() {
		this.a.put("k", bytes("v"));
		assertThat(this.a.drainDeltas(MAX_BYTES)).hasSize(1);
		assertThat(this.a.drainDeltas(MAX_BYTES)).isEmpty();
	}

	@Test
	void everyDeltaFitsInMaxBytes() throws Exception {
		for (int i = 0; i < 500; i++) {
			this.a.put("key-" + i, new byte[i % 90]);
		}
		List<byte[]> deltas = this.a.drainDeltas(300);
		assertThat(deltas).hasSizeGreaterThan(1).allSatisfy((delta) -> assertThat(delta).hasSizeLessThanOrEqualTo(300));
		deliverAll(deltas, this.b);
		assertThat(this.b.size()).isEqualTo(500);
	}

	@Test
	void aWriteTooLargeForOneDeltaTravelsOnlyInSnapshots() throws Exception {
		this.a.put("big", new byte[2000]);
		this.a.put("small", bytes("v"));
		deliver(this.a, this.b);
		assertThat(this.b.get("big")).isEmpty();
		assertThat(this.a.snapshotOnlyCount()).isOne();
		this.b.mergeSnapshot(this.a.snapshot());
		assertThat(this.b.get("big")).hasValueSatisfying((value) -> assertThat(value).hasSize(2000));
	}

	@Test
	void aSnapshotCarriesValuesTombstonesAndTheClear() throws Exception {
		this.a.put("gone", bytes("v"));
		this.a.clear();
		this.a.put("k", bytes("v"));
		this.a.put("deleted", bytes("v"));
		this.a.evict("deleted");
		CacheCodec.Decoded snapshot = CacheCodec.decode(this.a.snapshot());
		assertThat(snapshot.clear()).isNotNull();
		assertThat(snapshot.entries()).extracting(CacheEntry::key).containsExactlyInAnyOrder("k", "deleted");
		this.b.mergeSnapshot(this.a.snapshot());
		assertThat(this.b.entries()).isEqualTo(this.a.entries());
	}

	@Test
	void aSnapshotLeavesOutExpiredEntries() throws Exception {
		this.a.put("k", bytes("v"));
		this.clock.advance(TTL);
		assertThat(CacheCodec.decode(this.a.snapshot()).entries()).isEmpty();
	}

	@Test
	void malformedBytesAreRejectedAndChangeNothing() {
		this.b.put("k", bytes("kept"));
		this.a.put("k", bytes("x"));
		this.a.put("k", bytes("y"));
		this.a.put("k2", bytes("z"));
		byte[] valid = this.a.drainDeltas(MAX_BYTES).get(0);
		var before = this.b.entries();
		for (int length = 0; length < valid.length; length++) {
			byte[] truncated = Arrays.copyOf(valid, length);
			assertThatExceptionOfType(MalformedMessageException.class).as("truncated to %d bytes", length)
				.isThrownBy(() -> this.b.mergeDelta(truncated));
			assertThatExceptionOfType(MalformedMessageException.class)
				.isThrownBy(() -> this.b.mergeSnapshot(truncated));
		}
		byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.b.mergeDelta(trailing));
		assertThat(this.b.entries()).isEqualTo(before);
		assertThat(this.b.drainDeltas(MAX_BYTES)).hasSize(1);
	}

	@Test
	void aDeltaOfAnotherFormatVersionIsRejected() {
		byte[] future = new MsgpackWriter().arrayHeader(3).unsigned(2).nil().arrayHeader(0).toByteArray();
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.b.mergeDelta(future))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(DropReason.INCOMPATIBLE_VERSION));
	}

	@Test
	void aDeltaWithANegativeLamportTimeIsRejected() {
		byte[] negative = new MsgpackWriter().arrayHeader(3)
			.unsigned(1)
			.nil()
			.arrayHeader(1)
			.arrayHeader(5)
			.string("k")
			.bytes(bytes("v"))
			.integer(-1)
			.string("a")
			.unsigned(Long.MAX_VALUE)
			.toByteArray();
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> this.b.mergeDelta(negative));
		assertThat(this.b.entries()).isEmpty();
	}

	@Test
	void drainRefusesANonPositiveMaxBytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.a.drainDeltas(0))
			.withMessage("maxBytes must be positive: 0");
	}

	@Test
	void theIdIsThePrefixedName() {
		assertThat(this.a.id()).isEqualTo("cache/c");
	}

	private ReplicatedCache replica(String node) {
		return new ReplicatedCache(CacheConfig.of("c", TTL), node, this.clock);
	}

	private static boolean deliver(ReplicatedCache from, ReplicatedCache to) throws MalformedMessageException {
		return deliverAll(from.drainDeltas(MAX_BYTES), to);
	}

	private static boolean deliverAll(List<byte[]> deltas, ReplicatedCache to) throws MalformedMessageException {
		boolean changed = false;
		for (byte[] delta : deltas) {
			changed |= to.mergeDelta(delta);
		}
		return changed;
	}

	private static String value(ReplicatedCache cache, String key) {
		return new String(cache.get(key).orElseThrow(), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
