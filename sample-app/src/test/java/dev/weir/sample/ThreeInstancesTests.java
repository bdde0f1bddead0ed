package dev.weir.sample;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of the sample, each a separate JVM with its own web server and gossip port on
 * loopback, joined by static seeds, run {@code demo} with {@code scope: cluster}: requests
 * spread over all three are admitted up to the limit for the whole cluster, and an instance
 * killed and restarted has the live count back before it reports ready.
 */
class ThreeInstancesTests {

	private static final int LIMIT = 100;

	/**
	 * The most the cluster may admit beyond the limit here: one permit per other node from the
	 * remainders of the last shares while gossip keeps up (docs/SHARED-STATE.md), and a margin
	 * for three JVMs starved of CPU on a two-core machine, whose gossip may lag a few sync
	 * intervals (each lets a node widen its claim once more against a stale view).
	 */
	private static final int BOUND = 2 + LIMIT / 10;

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Path LOGS = Path.of("target", "three-instances");

	private final List<Instance> instances = new ArrayList<>();

	@AfterEach
	void stop() {
		this.instances.forEach((instance) -> instance.process.destroyForcibly());
	}

	@Test
	void threeInstancesAdmitTheLimitTogetherAndARestartedOneKeepsTheCount() throws Exception {
		int[] gossipPorts = { freePort(), freePort(), freePort() };
		String seeds = "127.0.0.1:" + gossipPorts[0] + ",127.0.0.1:" + gossipPorts[1];
		for (int i = 0; i < 3; i++) {
			this.instances.add(start("sample-" + i, freePort(), gossipPorts[i], seeds));
		}
		for (Instance instance : this.instances) {
			awaitReady(instance);
		}
		awaitMembers(3);
		int admitted = 0;
		for (int i = 0; i < 3 * LIMIT; i++) {
			admitted += (get(this.instances.get(i % 3), "/api/demo") == 200) ? 1 : 0;
			Thread.sleep(5);
		}
		System.out.printf("[three-instances] %d of %d requests over 3 instances admitted; limit %d%n", admitted,
				3 * LIMIT, LIMIT);
		assertThat(admitted).isBetween(LIMIT * 9 / 10, LIMIT + BOUND);

		Instance killed = this.instances.get(2);
		killed.process.destroyForcibly().waitFor();
		Instance restarted = start(killed.name, killed.httpPort, killed.gossipPort, seeds);
		this.instances.set(2, restarted);
		awaitReady(restarted);
		assertThat(get(restarted, "/api/demo")).as("the restarted instance knows the count").isEqualTo(429);
	}

	private static Instance start(String name, int httpPort, int gossipPort, String seeds) throws IOException {
		Files.createDirectories(LOGS);
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), SampleApplication.class.getName(), "--server.port=" + httpPort,
				"--weir.cluster.node-name=" + name, "--weir.cluster.bind-address=127.0.0.1",
				"--weir.cluster.bind-port=" + gossipPort, "--weir.discovery.static.seeds=" + seeds,
				"--weir.limits.demo.scope=cluster", "--weir.limits.demo.limit=" + LIMIT, "--weir.limits.demo.window=1d",
				"--weir.limits.per-client.limit=1000000");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(LOGS.resolve(name + "-" + System.nanoTime() + ".log").toFile())
			.start();
		return new Instance(name, httpPort, gossipPort, process);
	}

	private static void awaitReady(Instance instance) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (get(instance, "/ready") != 200) {
			assertThat(instance.process.isAlive()).as(instance.name + " runs (see " + LOGS + ")").isTrue();
			assertThat(System.nanoTime()).as(instance.name + " ready within 90s").isLessThan(deadline);
			Thread.sleep(200);
		}
	}

	private void awaitMembers(int members) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		for (Instance instance : this.instances) {
			while (aliveMembers(instance) < members) {
				assertThat(System.nanoTime()).as(instance.name + " sees " + members + " alive members").isLessThan(deadline);
				Thread.sleep(100);
			}
		}
		// One sync interval more, so that every instance's shares count the others.
		Thread.sleep(500);
	}

	private static int aliveMembers(Instance instance) {
		String body = body(instance, "/actuator/weir");
		return body.split("\"status\":\"alive\"", -1).length - 1;
	}

	private static int get(Instance instance, String path) {
		try {
			return CLIENT.send(request(instance, path), HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static String body(Instance instance, String path) {
		try {
			return CLIENT.send(request(instance, path), HttpResponse.BodyHandlers.ofString()).body();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private static HttpRequest request(Instance instance, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.httpPort + path))
			.timeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * Returns a port free for TCP and UDP alike, as a gossip port must be.
	 */
	private static int freePort() throws IOException {
		while (true) {
			try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				int port = tcp.getLocalPort();
				try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
					return port;
				}
				catch (IOException ex) {
					// taken for UDP: try another
				}
			}
		}
	}

	private record Instance(String name, int httpPort, int gossipPort, Process process) {
	}

}
