package dev.weir.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.state.cache.CacheConfig;
import dev.weir.state.cache.ReplicatedCache;
import dev.weir.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three members in this JVM, each on its own UDP and TCP port on loopback, share counts.
 */
class LoopbackStateTests {

	private final List<LoopbackNode> nodes = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (LoopbackNode node : this.nodes) {
			node.close();
		}
	}

	@Test
	void countsAddedOnEveryNodeReachEveryNode() throws Exception {
		startThree();
		for (int i = 0; i < 3; i++) {
			this.nodes.get(i).counters().counter("reads", Duration.ofMinutes(1)).add("bucket", i + 1);
		}
		await(() -> this.nodes.stream()
			.allMatch((node) -> node.counters().counter("reads", Duration.ofMinutes(1)).current("bucket") == 6));
	}

	@Test
	void aClusterWideLimitHoldsForRequestsSpreadOverThreeNodes() throws Exception {
		startThree();
		LimitPolicy policy = LimitPolicy.of("api", 30, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW);
		List<ClusterRateLimiter> limiters = this.nodes.stream().map((node) -> node.counters().limiter(policy)).toList();
		int admitted = 0;
		for (int i = 0; i < 150; i++) {
			admitted += limiters.get(i % 3).tryAcquire("client").allowed() ? 1 : 0;
			Thread.sleep(10);
		}
		// The bound of docs/SHARED-STATE.md, limit + (n - 1), assumes every claim reaches the
		// others within a sync interval; on a loaded machine real threads may lag longer, and
		// each interval of lag lets a node widen once more against a stale view. The exact bound
		// is checked on virtual time (ClusterCountSimulationTests); here, far below the 3x that
		// counting without claims would admit.
		assertThat(admitted).isBetween(20, 30 + 30 / 5);
		int total = admitted;
		await(() -> this.nodes.stream().allMatch((node) -> count(node, policy) == total));
	}

	@Test
	void aNodeThatJoinsLateGetsTheCountsInItsJoinExchange() throws Exception {
		startThree();
		this.nodes.get(0).counters().counter("reads", Duration.ofMinutes(1)).add("bucket", 5);
		await(() -> this.nodes.get(2).counters().counter("reads", Duration.ofMinutes(1)).current("bucket") == 5);
		LoopbackNode late = LoopbackNode.start("late");
		this.nodes.add(late);
		late.join(this.nodes.get(1).address());
		assertThat(late.sync().snapshotsMerged()).isPositive();
		assertThat(late.counters().counter("reads", Duration.ofMinutes(1)).current("bucket")).isEqualTo(5);
	}

	@Test
	void aCacheEntryWrittenOnOneNodeIsReadOnTheOthersAndAnEvictionToo() throws Exception {
		startThree();
		List<ReplicatedCache> caches = new ArrayList<>();
		for (LoopbackNode node : this.nodes) {
			ReplicatedCache cache = new ReplicatedCache(CacheConfig.of("users", Duration.ofMinutes(5)),
					node.cluster().gossip().name(), Clock.system());
			node.sync().register(cache);
			caches.add(cache);
		}
		caches.get(0).put("alice", "v1".getBytes(StandardCharsets.UTF_8));
		await(() -> caches.stream().allMatch((cache) -> cache.get("alice").isPresent()));
		caches.get(2).put("alice", "v2".getBytes(StandardCharsets.UTF_8));
		await(() -> caches.stream()
			.allMatch((cache) -> cache.get("alice").map((value) -> new String(value, StandardCharsets.UTF_8)).orElse("")
				.equals("v2")));
		caches.get(1).evict("alice");
		await(() -> caches.stream().allMatch((cache) -> cache.get("alice").isEmpty()));
	}

	private static long count(LoopbackNode node, LimitPolicy policy) {
		long window = Math.floorDiv(System.currentTimeMillis(), policy.window().toMillis());
		WindowCounter counter = node.counters().counterSet("limit/" + policy.name(), policy.window()).find("client", window);
		return (counter != null) ? counter.total() : 0;
	}

	private void startThree() throws Exception {
		for (int i = 0; i < 3; i++) {
			LoopbackNode node = LoopbackNode.start("node-" + i);
			this.nodes.add(node);
			if (i > 0) {
				node.join(this.nodes.get(0).address());
			}
		}
		await(() -> this.nodes.stream().allMatch((node) -> node.alive() == 3));
		// One sync interval more, so that each node's shares count the others.
		Thread.sleep(250);
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within 20s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

}
