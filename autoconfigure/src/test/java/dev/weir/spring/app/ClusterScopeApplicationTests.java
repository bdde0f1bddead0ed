package dev.weir.spring.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.weir.cluster.MemberStatus;
import dev.weir.spring.cluster.WeirCluster;
import dev.weir.spring.state.WeirSharedState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one application in this JVM, each with its own web server and gossip port on
 * loopback, joined by a static seed, share a limit with {@code scope: cluster}.
 */
class ClusterScopeApplicationTests {

	private static final int LIMIT = 20;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@AfterEach
	void stop() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void requestsSpreadOverTwoInstancesShareOneLimit() throws InterruptedException {
		ConfigurableApplicationContext first = start("first", null);
		ConfigurableApplicationContext second = start("second", gossipAddress(first));
		awaitMembers(first, 2);
		awaitMembers(second, 2);
		int admitted = 0;
		for (int i = 0; i < 4 * LIMIT; i++) {
			admitted += (http(i % 2 == 0 ? first : second).get("/filtered").statusCode() == 200) ? 1 : 0;
			Thread.sleep(25);
		}
		// Each may widen its share once a sync interval; a remainder may round up once per node
		// (limit + 1), and a gossip lag of more than an interval on a loaded machine may cost a
		// little more (docs/SHARED-STATE.md).
		assertThat(admitted).isBetween(LIMIT / 2 + 1, LIMIT + LIMIT / 5);
		assertThat(http(first).get("/filtered").statusCode()).isEqualTo(429);
		assertThat(http(second).get("/filtered").statusCode()).isEqualTo(429);
	}

	@Test
	void aRestartedInstanceGetsTheLiveCountsBackBeforeItServes() throws InterruptedException {
		ConfigurableApplicationContext first = start("first", null);
		ConfigurableApplicationContext second = start("second", gossipAddress(first));
		awaitMembers(second, 2);
		int admitted = 0;
		for (int i = 0; i < 2 * LIMIT; i++) {
			admitted += (http(second).get("/filtered").statusCode() == 200) ? 1 : 0;
			Thread.sleep(25);
		}
		assertThat(admitted).isPositive();
		String seed = gossipAddress(first);
		second.close();
		this.instances.remove(second);
		ConfigurableApplicationContext restarted = start("second", seed);
		assertThat(restarted.getBean(WeirSharedState.class).sync().snapshotsMerged()).isPositive();
		long known = restarted.getBean(dev.weir.state.CounterStore.class).keyCount();
		assertThat(known).isEqualTo(1);
		assertThat(http(restarted).get("/filtered").statusCode()).isEqualTo(admitted >= LIMIT ? 429 : 200);
	}

	private ConfigurableApplicationContext start(String name, String seed) {
		List<String> properties = new ArrayList<>(List.of("--server.port=0", "--weir.cluster.bind-address=127.0.0.1",
				"--weir.cluster.bind-port=0", "--weir.cluster.node-name=" + name, "--weir.limits.filtered.limit=" + LIMIT,
				"--weir.limits.filtered.window=1m", "--weir.limits.filtered.scope=cluster",
				"--weir.rules[0].path=/filtered", "--weir.rules[0].limiter=filtered", "--weir.state.sync-interval=100ms"));
		if (seed != null) {
			properties.add("--weir.discovery.static.seeds=" + seed);
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LimitedApplication.class)
			.run(properties.toArray(String[]::new));
		this.instances.add(context);
		return context;
	}

	private static String gossipAddress(ConfigurableApplicationContext context) {
		return "127.0.0.1:" + context.getBean(WeirCluster.class).node().address().getPort();
	}

	private static Http http(ConfigurableApplicationContext context) {
		return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	private static void awaitMembers(ConfigurableApplicationContext context, int members) throws InterruptedException {
		WeirCluster cluster = context.getBean(WeirCluster.class);
		await(() -> cluster.members().stream().filter((m) -> m.status() == MemberStatus.ALIVE).count() == members);
		// One sync interval more, so that each knows the other in its shares.
		Thread.sleep(300);
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within 20s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

}
