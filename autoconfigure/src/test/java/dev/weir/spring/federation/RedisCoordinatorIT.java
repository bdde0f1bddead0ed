package dev.weir.spring.federation;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.weir.federation.CoordinatorException;
import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;
import dev.weir.federation.RegionalEscrow.EscrowTake;
import dev.weir.limit.LimitPolicy;
import dev.weir.spring.federation.redis.RedisCoordinator;
import dev.weir.spring.federation.redis.RedisRegionalEscrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Redis coordinator and escrow against a real Redis server started by the test, without
 * persistence (so a restart loses the data).
 */
class RedisCoordinatorIT {

	private int port;

	private RedisServer server;

	private LettuceConnectionFactory connections;

	private RedisCoordinator coordinator;

	private StringRedisTemplate redis;

	@BeforeEach
	void startRedis() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		startServer();
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.redis = new StringRedisTemplate(this.connections);
		this.coordinator = new RedisCoordinator(this.redis, Duration.ZERO);
		// A new store has no marker; a test that needs a live first window starts from a known store.
		this.redis.opsForValue().set("weir:fed:marker", "-1");
	}

	private void startServer() throws IOException {
		this.server = RedisServer.newRedisServer().port(this.port).bind("127.0.0.1").setting("save \"\"")
			.setting("appendonly no").build();
		this.server.start();
	}

	@AfterEach
	void stopRedis() throws IOException {
		this.connections.destroy();
		this.server.stop();
	}

	private LeaseRequest request(String holder, long want, long id) {
		return new LeaseRequest("it", "k", holder, want, id, 10, 60_000);
	}

	@Test
	void leaseNeverGrantsMoreThanTheRemainingBudget() {
		assertThat(this.coordinator.lease(request("a/1", 8, 1)).granted()).isEqualTo(8);
		LeaseGrant second = this.coordinator.lease(request("b/1", 8, 1));
		assertThat(second.granted()).isEqualTo(2);
		assertThat(second.left()).isZero();
		assertThat(this.coordinator.lease(request("c/1", 8, 1)).granted()).isZero();
	}

	@Test
	void leaseReadsTheServersClockAndReturnsTheWindowEnd() {
		LeaseGrant grant = this.coordinator.lease(request("a/1", 1, 1));
		assertThat(grant.coordinatorNowMillis()).isCloseTo(System.currentTimeMillis(),
				org.assertj.core.data.Offset.offset(2_000L));
		assertThat(grant.windowEndMillis()).isEqualTo((grant.windowIndex() + 1) * 60_000);
		assertThat(grant.millisToEnd()).isBetween(0L, 60_000L);
	}

	@Test
	void aRetriedRequestGetsTheSameGrantOnce() {
		LeaseGrant first = this.coordinator.lease(request("a/1", 4, 7));
		LeaseGrant retry = this.coordinator.lease(request("a/1", 4, 7));
		assertThat(retry.granted()).isEqualTo(first.granted());
		assertThat(retry.left()).isEqualTo(6);
	}

	@Test
	void aGiveBackIsCreditedOnceAndOnlyWithinTheHoldersNetGrant() {
		LeaseGrant grant = this.coordinator.lease(request("a/1", 4, 1));
		long w = grant.windowIndex();
		assertThat(this.coordinator.giveBack(new GiveBackRequest("it", "k", "a/1", w, 5, 1))).isZero();
		assertThat(this.coordinator.giveBack(new GiveBackRequest("it", "k", "a/1", w, 3, 1))).isEqualTo(3);
		assertThat(this.coordinator.giveBack(new GiveBackRequest("it", "k", "a/1", w, 1, 1))).isZero();
		assertThat(this.coordinator.giveBack(new GiveBackRequest("it", "k", "a/1", w - 1, 1, 2))).isZero();
		assertThat(this.coordinator.lease(request("b/1", 10, 1)).granted()).isEqualTo(9);
	}

	@Test
	void regionsThatDisagreeOnTheLimitGetAConfigMismatch() {
		this.coordinator.lease(request("a/1", 1, 1));
		assertThatExceptionOfType(CoordinatorException.class)
			.isThrownBy(() -> this.coordinator.lease(new LeaseRequest("it", "k", "b/1", 1, 1, 11, 60_000)))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(CoordinatorException.Kind.CONFIG_MISMATCH));
	}

	@Test
	void aStoreWithoutItsMarkerQuarantinesTheCurrentWindow() {
		this.redis.delete("weir:fed:marker");
		assertThat(this.coordinator.lease(request("a/1", 4, 1)).granted()).isZero();
	}

	@Test
	void threeRegionsOnThreadsNeverAdmitMoreThanTheLimitPerWindow() throws InterruptedException {
		LimitPolicy policy = FederationScenarios.policy("threads", 200, Duration.ofMillis(500));
		Map<Long, Long> admitted = FederationScenarios.hammer(this.coordinator, policy, 3, 8, Duration.ofSeconds(3));
		FederationScenarios.assertNoOvershootAndFullUse(admitted, 200);
	}

	@Test
	void aServerStoppedMidWindowAndRestartedEmptyNeverLetsAWindowOvershoot() throws Exception {
		LimitPolicy policy = FederationScenarios.policy("outage", 50, Duration.ofSeconds(2));
		FederatedRateLimiter a = FederationScenarios.region(this.coordinator, "a", policy, 10);
		FederatedRateLimiter b = FederationScenarios.region(this.coordinator, "b", policy, 10);
		waitForWindowStart(2_000, 200);
		long window = Math.floorDiv(System.currentTimeMillis(), 2_000);
		int admitted = 0;
		for (int i = 0; i < 30; i++) {
			admitted += (a.tryAcquire("k").allowed() ? 1 : 0) + (b.tryAcquire("k").allowed() ? 1 : 0);
		}
		this.server.stop();
		for (int i = 0; i < 100; i++) {
			admitted += (a.tryAcquire("k").allowed() ? 1 : 0) + (b.tryAcquire("k").allowed() ? 1 : 0);
		}
		assertThat(a.coordinatorUp()).isFalse();
		assertThat(a.stats().coordinatorErrors(CoordinatorException.Kind.UNAVAILABLE)).isPositive();
		assertThat(a.stats().deniedOutage()).isPositive();
		startServer();
		Thread.sleep(300);
		for (int i = 0; i < 100 && Math.floorDiv(System.currentTimeMillis(), 2_000) == window; i++) {
			admitted += (a.tryAcquire("k").allowed() ? 1 : 0) + (b.tryAcquire("k").allowed() ? 1 : 0);
			Thread.sleep(5);
		}
		assertThat(Math.floorDiv(System.currentTimeMillis(), 2_000)).as("test ran within one window").isEqualTo(window);
		assertThat(admitted).isLessThanOrEqualTo(50);
		// The restarted store has no marker: it grants nothing in the window it found the loss in.
		assertThat(a.stats().leases("zero") + b.stats().leases("zero")).isPositive();
		waitForWindowStart(2_000, 0);
		Thread.sleep(50);
		int next = 0;
		for (int i = 0; i < 60; i++) {
			next += (a.tryAcquire("k").allowed() ? 1 : 0) + (b.tryAcquire("k").allowed() ? 1 : 0);
		}
		assertThat(next).isEqualTo(50);
		assertThat(a.coordinatorUp()).isTrue();
	}

	@Test
	void theRegionalEscrowAddsForTheSameWindowRefusesOlderAndTakesAtMostTheBalance() {
		RedisRegionalEscrow escrow = new RedisRegionalEscrow(this.redis, "eu", 60_000);
		long w = Math.floorDiv(System.currentTimeMillis(), 60_000);
		long end = (w + 1) * 60_000;
		assertThat(escrow.deposit("it", "k", w, end, 3)).isEqualTo(3);
		assertThat(escrow.deposit("it", "k", w, end, 2)).isEqualTo(2);
		assertThat(escrow.deposit("it", "k", w - 1, end - 60_000, 2)).isZero();
		assertThat(escrow.take("it", "k", 4)).isEqualTo(new EscrowTake(4, w, end));
		assertThat(escrow.take("it", "k", 4)).isEqualTo(new EscrowTake(1, w, end));
		assertThat(escrow.take("it", "k", 4)).isEqualTo(EscrowTake.NONE);
		assertThat(escrow.deposit("it", "k", w + 1, end + 60_000, 1)).isEqualTo(1);
		assertThat(escrow.take("it", "k", 4)).isEqualTo(new EscrowTake(1, w + 1, end + 60_000));
	}

	/** Sleeps until a window has at least {@code margin} ms behind it and most of it ahead. */
	static void waitForWindowStart(long windowMillis, long margin) throws InterruptedException {
		long now = System.currentTimeMillis();
		long into = Math.floorMod(now, windowMillis);
		Thread.sleep(windowMillis - into + margin);
	}

}
