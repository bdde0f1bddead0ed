package dev.weir.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of the sample, each its own region, started as a user starts them with
 * {@code --weir.limits.demo.scope=federated --weir.federation.region=…
 * --weir.federation.coordinator=redis --spring.data.redis.port=…} against one real Redis: the
 * {@code demo} budget is shared, never exceeded in a window, and held when Redis is killed.
 */
class FederatedSampleApplicationTests {

	private static final long LIMIT = 40;

	private static final long WINDOW_MILLIS = 2_000;

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private RedisServer redis;

	private int redisPort;

	private final List<ConfigurableApplicationContext> regions = new ArrayList<>();

	@BeforeEach
	void startRedisAndThreeRegions() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.redisPort = socket.getLocalPort();
		}
		this.redis = RedisServer.newRedisServer().port(this.redisPort).bind("127.0.0.1").setting("save \"\"").build();
		this.redis.start();
		// A known store: skip the quarantine of a first-seen Redis (README, Federation).
		LettuceConnectionFactory connection = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.redisPort));
		connection.afterPropertiesSet();
		connection.start();
		new StringRedisTemplate(connection).opsForValue().set("weir:fed:marker", "-1");
		connection.destroy();
		for (String region : new String[] { "eu", "us", "ap" }) {
			this.regions.add(new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
					"--weir.cluster.bind-port=0", "--weir.limits.demo.scope=federated",
					"--weir.limits.demo.limit=" + LIMIT, "--weir.limits.demo.window=" + WINDOW_MILLIS + "ms",
					"--weir.limits.per-client.limit=100000", "--weir.federation.region=" + region,
					"--weir.federation.coordinator=redis", "--weir.federation.batch=4",
					"--weir.federation.probe-interval=200ms", "--spring.data.redis.host=127.0.0.1",
					"--spring.data.redis.port=" + this.redisPort, "--spring.data.redis.timeout=300ms"));
		}
	}

	@AfterEach
	void stopAll() throws IOException {
		this.regions.forEach(ConfigurableApplicationContext::close);
		this.redis.stop();
	}

	@Test
	void threeRegionsShareTheDemoBudgetWithoutEverExceedingIt() throws Exception {
		Map<Long, LongAdder> admitted = hammer(3 * WINDOW_MILLIS, null);
		long best = 0;
		for (Map.Entry<Long, LongAdder> window : admitted.entrySet()) {
			if (window.getKey() >= 0) {
				assertThat(window.getValue().sum()).as("window %d", window.getKey()).isLessThanOrEqualTo(LIMIT);
				best = Math.max(best, window.getValue().sum());
			}
		}
		assertThat(best).isGreaterThanOrEqualTo(LIMIT - 3 * 3);
	}

	@Test
	void underSkewedLoadTheHotRegionSpendsWhatTheColdOnesLeaveWithoutExceedingTheLimit() throws Exception {
		// One region calls as fast as it can, the two others about four times a second.
		Map<Long, LongAdder> admitted = hammer(4 * WINDOW_MILLIS, null, new long[] { 2, 250, 250 });
		long best = 0;
		for (Map.Entry<Long, LongAdder> window : admitted.entrySet()) {
			if (window.getKey() >= 0) {
				assertThat(window.getValue().sum()).as("window %d", window.getKey()).isLessThanOrEqualTo(LIMIT);
				best = Math.max(best, window.getValue().sum());
			}
		}
		assertThat(best).isGreaterThanOrEqualTo(LIMIT - 2);
	}

	@Test
	void killingRedisMidWindowKeepsTheBoundAndTheInstancesUpWithTheOutageInHealth() throws Exception {
		Map<Long, LongAdder> admitted = hammer(3 * WINDOW_MILLIS, () -> {
			try {
				this.redis.stop();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		admitted.forEach((window, count) -> {
			if (window >= 0) {
				assertThat(count.sum()).as("window %d", window).isLessThanOrEqualTo(LIMIT);
			}
		});
		for (ConfigurableApplicationContext region : this.regions) {
			var health = get(region, "/actuator/health/weirFederation");
			assertThat(health.body()).as("%s %s", health.statusCode(), get(region, "/actuator/health").body())
				.contains("DEGRADED");
			assertThat(get(region, "/api/demo").statusCode()).isEqualTo(429);
		}
	}

	/**
	 * Calls /api/demo on every region from its own thread for a time; counts 200s per window
	 * (by the time the call was made and answered, both in one window, else under -1). Runs
	 * {@code midway} once, a window and a half in.
	 */
	private Map<Long, LongAdder> hammer(long millis, Runnable midway) throws InterruptedException {
		return hammer(millis, midway, new long[] { 2, 2, 2 });
	}

	/**
	 * As {@link #hammer(long, Runnable)}, each region's thread pausing its own time between calls.
	 */
	private Map<Long, LongAdder> hammer(long millis, Runnable midway, long[] pauseMillis)
			throws InterruptedException {
		Map<Long, LongAdder> admitted = new ConcurrentHashMap<>();
		long start = System.currentTimeMillis();
		long until = start + millis;
		List<Thread> threads = new ArrayList<>();
		for (int r = 0; r < this.regions.size(); r++) {
			ConfigurableApplicationContext region = this.regions.get(r);
			long pause = pauseMillis[r];
			Thread thread = new Thread(() -> {
				while (System.currentTimeMillis() < until) {
					long before = System.currentTimeMillis();
					int status = get(region, "/api/demo").statusCode();
					long after = System.currentTimeMillis();
					if (status == 200) {
						long window = (before / WINDOW_MILLIS == after / WINDOW_MILLIS) ? before / WINDOW_MILLIS : -1;
						admitted.computeIfAbsent(window, (w) -> new LongAdder()).increment();
					}
					try {
						Thread.sleep(pause);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		if (midway != null) {
			Thread.sleep(WINDOW_MILLIS * 3 / 2);
			midway.run();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return admitted;
	}

	private static java.net.http.HttpResponse<String> get(ConfigurableApplicationContext region, String path) {
		int port = ((WebServerApplicationContext) region).getWebServer().getPort();
		try {
			return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
