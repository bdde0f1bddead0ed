package dev.weir.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.embedded.RedisServer;

/**
 * Bucket4j buckets kept in a real Redis server on loopback, which this state starts from the
 * binary that the {@code embedded-redis} artifact ships, and reached through Bucket4j's Lettuce
 * proxy manager (compare-and-swap based, over one shared Lettuce connection, as Bucket4j's
 * documentation sets it up).
 *
 * <p>Each decision is a round trip or two to Redis: Bucket4j reads the bucket's state and
 * writes it back with a compare-and-swap script. The Redis server is a child process of the
 * benchmark JVM, so its CPU time shows in {@link CpuTimeProfiler}'s figure only where the
 * profiler counts the descendants (it does). Bucket proxies are built once per key and kept in
 * a map, as for the local buckets; building one costs no round trip.
 */
@State(Scope.Benchmark)
public class RedisBuckets {

	private RedisServer server;

	private RedisClient client;

	private StatefulRedisConnection<String, byte[]> connection;

	private ProxyManager<String> proxies;

	private final ConcurrentHashMap<String, BucketProxy> buckets = new ConcurrentHashMap<>();

	private BucketConfiguration configuration = configuration(Workload.ADMIT_LIMIT);

	/**
	 * Starts Redis, connects, and creates one bucket per key; for the deny workload each bucket
	 * spends its only token here. Buckets live in Redis for the whole trial (their window is a
	 * day), so the iterations need no new ones.
	 */
	@Setup(Level.Trial)
	public void setUp(Workload workload) throws IOException {
		int port = freePort();
		this.server = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		this.server.start();
		this.client = RedisClient.create("redis://127.0.0.1:" + port);
		this.connection = this.client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
		this.connection.sync().flushall();
		this.proxies = Bucket4jLettuce.casBasedBuilder(this.connection).build();
		this.configuration = configuration(workload.limit());
		for (String key : workload.names) {
			if (!bucket(key).tryConsume(1)) {
				throw new IllegalStateException("a new bucket was empty: " + key);
			}
		}
	}

	@TearDown(Level.Iteration)
	public void check(Workload workload) {
		// A sample of the keys, each a round trip: enough to tell a run that measured the wrong path.
		for (int i = 0; i < Math.min(100, workload.names.length); i++) {
			String key = workload.names[i];
			if (bucket(key).getAvailableTokens() > 0 != workload.admits()) {
				throw new IllegalStateException("bucket " + key + " has " + bucket(key).getAvailableTokens() + " tokens");
			}
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.connection.close();
		this.client.shutdown();
		this.server.stop();
	}

	BucketProxy bucket(String key) {
		BucketProxy bucket = this.buckets.get(key);
		return (bucket != null) ? bucket
				: this.buckets.computeIfAbsent(key, (k) -> this.proxies.builder().build(k, () -> this.configuration));
	}

	private static BucketConfiguration configuration(int capacity) {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, Workload.WINDOW))
			.build();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
