package dev.weir.benchmarks.stores;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.weir.federation.GlobalCoordinator;
import dev.weir.spring.federation.jdbc.JdbcCoordinator;
import dev.weir.spring.federation.redis.RedisCoordinator;

/**
 * A started store with its coordinator and its baseline: the plain round trip through the very
 * connection (or pool) the coordinator uses.
 *
 * @param description the server and its settings
 * @param baselineName what the baseline does
 * @param baseline the baseline call
 * @param coordinator the coordinator over the store
 * @param durable whether the store makes every write durable before it answers
 * @param processes this JVM and the server's processes not started as its children, whose CPU
 * time counts as this run's
 * @param server what to close at the end
 */
record StoreSubject(String description, String baselineName, StoreCall baseline, GlobalCoordinator coordinator,
		boolean durable, List<ProcessHandle> processes, Closeable server) implements Closeable {

	/** The largest number of concurrent callers, and so the pool's size. */
	static final int MAX_CALLERS = 16;

	/**
	 * Starts a store.
	 * @param name {@code redis}, {@code redis-aof}, {@code postgres} or {@code postgres-fsync}
	 * @return the started store
	 */
	static StoreSubject start(String name) throws IOException {
		return switch (name) {
			case "redis", "redis-aof" -> redis(name.equals("redis-aof"));
			case "postgres", "postgres-fsync" -> postgres(name.equals("postgres-fsync"));
			default -> throw new IllegalArgumentException(
					"store must be redis, redis-aof, postgres or postgres-fsync: " + name);
		};
	}

	private static StoreSubject redis(boolean durable) throws IOException {
		RedisStore store = new RedisStore(durable);
		// The Redis server is a child process of this JVM.
		return new StoreSubject(store.describe(), "PING", (caller) -> store.ping(),
				new RedisCoordinator(store.template(), Duration.ZERO), durable, List.of(ProcessHandle.current()), store);
	}

	private static StoreSubject postgres(boolean durable) throws IOException {
		PostgresStore store = new PostgresStore(durable, MAX_CALLERS);
		JdbcCoordinator coordinator = new JdbcCoordinator(store.dataSource(), Duration.ZERO);
		// The first call creates the tables; then mark them new so that this window grants.
		coordinator.probe();
		store.markNew();
		return new StoreSubject(store.describe(), "SELECT 1", (caller) -> store.selectOne(), coordinator, durable,
				List.of(ProcessHandle.current(), store.postmaster()), store);
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
