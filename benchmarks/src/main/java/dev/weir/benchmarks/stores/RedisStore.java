package dev.weir.benchmarks.stores;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.weir.spring.federation.redis.RedisCoordinator;

/**
 * A Redis server on loopback, started from the binary the {@code embedded-redis} artifact ships,
 * and a {@link StringRedisTemplate} over one shared Lettuce connection, as Spring Boot sets it
 * up; the {@link RedisCoordinator} runs its scripts through that template.
 */
final class RedisStore implements Closeable {

	private final RedisServer server;

	private final LettuceConnectionFactory connections;

	private final StringRedisTemplate redis;

	private final boolean durable;

	/** The append-only file of a durable server, deleted on close. */
	private final Path appendOnlyFile;

	/**
	 * Starts the server and connects.
	 * @param durable whether Redis writes an append-only file with {@code appendfsync always}
	 * (what Δ = 0 across a Redis restart needs), or keeps its data in memory only
	 */
	RedisStore(boolean durable) throws IOException {
		this.durable = durable;
		int port = freePort();
		this.appendOnlyFile = Path.of(System.getProperty("java.io.tmpdir"), "weir-bench-" + port + ".aof");
		RedisServerBuilder builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"");
		if (durable) {
			builder.setting("appendonly yes").setting("appendfsync always")
				.setting("dir " + this.appendOnlyFile.getParent())
				.setting("appendfilename " + this.appendOnlyFile.getFileName());
		}
		else {
			builder.setting("appendonly no");
		}
		this.server = builder.build();
		this.server.start();
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.redis = new StringRedisTemplate(this.connections);
		// A new store has no start marker and would quarantine the current window: this one is known new.
		this.redis.opsForValue().set("weir:fed:marker", "-1");
	}

	StringRedisTemplate template() {
		return this.redis;
	}

	/** One plain round trip through the template's connection. */
	void ping() {
		this.redis.execute(RedisConnection::ping, true);
	}

	String describe() {
		return this.durable ? "Redis, appendonly yes, appendfsync always" : "Redis, no persistence (as the ITs)";
	}

	@Override
	public void close() throws IOException {
		this.connections.destroy();
		this.server.stop();
		Files.deleteIfExists(this.appendOnlyFile);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
