package dev.weir.spring.federation.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StreamUtils;

import dev.weir.federation.CoordinatorException;
import dev.weir.federation.CoordinatorException.Kind;
import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * A {@link GlobalCoordinator} in PostgreSQL: one row per limiter and key in
 * {@code weir_fed_window}, one per holder in {@code weir_fed_region}, and a start marker in
 * {@code weir_fed_marker}. Each operation is one short transaction that takes the key's row
 * lock first and only then reads {@code clock_timestamp()}, so a transaction delayed before the
 * lock cannot act on an old clock reading (the boundary race of docs/FEDERATION.md §9).
 *
 * <p>The tables are created on first use unless they exist, without a start marker, so the first
 * window of a new (or wiped) database grants nothing. The same statements, with the marker, are
 * in {@code dev/weir/spring/federation/jdbc/schema-postgresql.sql} for an operator to run on a
 * database that is known to be new, or where the application may not create tables. Δ = 0 needs the current window's rows never to roll back:
 * commit synchronously, and fail over only to a synchronous standby.
 */
public final class JdbcCoordinator implements GlobalCoordinator {

	private static final String SCHEMA = "dev/weir/spring/federation/jdbc/schema-postgresql.sql";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final long quarantineMarginMillis;

	private volatile boolean schemaReady;

	/**
	 * Creates a coordinator.
	 * @param dataSource the database
	 * @param quarantineMargin the largest step back of the database's clock a state loss is
	 * guarded against
	 */
	public JdbcCoordinator(DataSource dataSource, Duration quarantineMargin) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.quarantineMarginMillis = quarantineMargin.toMillis();
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		return inTransaction(() -> lease0(request));
	}

	private LeaseGrant lease0(LeaseRequest request) {
		String limiter = request.limiter();
		String key = request.key();
		this.jdbc.update("INSERT INTO weir_fed_window (limiter, fed_key, window_idx, window_ms, lim, granted, returned)"
				+ " VALUES (?, ?, -1, ?, ?, 0, 0) ON CONFLICT (limiter, fed_key) DO NOTHING", limiter, key,
				request.windowMillis(), request.limit());
		Map<String, Object> row = this.jdbc.queryForMap("SELECT window_idx, window_ms, lim, granted, returned"
				+ " FROM weir_fed_window WHERE limiter = ? AND fed_key = ? FOR UPDATE", limiter, key);
		// Under the row lock: this clock reading is after every operation that came before.
		long now = clock();
		long lostAt = lostAt(now);
		long stored = number(row, "window_idx");
		long windowMillis = number(row, "window_ms");
		long limit = number(row, "lim");
		long computed = Math.floorDiv(now, request.windowMillis());
		if (stored >= 0 && (windowMillis != request.windowMillis()
				|| (limit != request.limit() && computed <= stored))) {
			throw new CoordinatorException(Kind.CONFIG_MISMATCH,
					"limiter '" + limiter + "' asks for limit " + request.limit() + " per " + request.windowMillis()
							+ "ms but PostgreSQL holds limit " + limit + " per " + windowMillis
							+ "ms for the current window; every region must configure it alike");
		}
		long window = stored;
		long granted = number(row, "granted");
		long returned = number(row, "returned");
		if (computed > stored) {
			window = computed;
			limit = request.limit();
			granted = 0;
			returned = 0;
			this.jdbc.update("DELETE FROM weir_fed_region WHERE limiter = ? AND fed_key = ?", limiter, key);
		}
		long end = (window + 1) * request.windowMillis();
		List<Map<String, Object>> holder = this.jdbc.queryForList(
				"SELECT last_req, last_req_grant FROM weir_fed_region WHERE limiter = ? AND fed_key = ? AND holder = ?",
				limiter, key, request.holder());
		long left = Math.max(0, limit - granted + returned);
		if (!holder.isEmpty() && Long.valueOf(request.requestId()).equals(holder.get(0).get("last_req"))) {
			updateWindow(limiter, key, window, request, limit, granted, returned);
			return new LeaseGrant(number(holder.get(0), "last_req_grant"), window, end, now, left);
		}
		long grant = (window * request.windowMillis() <= lostAt) ? 0 : Math.min(request.want(), left);
		updateWindow(limiter, key, window, request, limit, granted + grant, returned);
		this.jdbc.update("INSERT INTO weir_fed_region (limiter, fed_key, holder, granted, returned, last_req,"
				+ " last_req_grant) VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (limiter, fed_key, holder) DO UPDATE"
				+ " SET granted = weir_fed_region.granted + EXCLUDED.granted, last_req = EXCLUDED.last_req,"
				+ " last_req_grant = EXCLUDED.last_req_grant", limiter, key, request.holder(), grant,
				request.requestId(), grant);
		return new LeaseGrant(grant, window, end, now, left - grant);
	}

	private void updateWindow(String limiter, String key, long window, LeaseRequest request, long limit, long granted,
			long returned) {
		this.jdbc.update("UPDATE weir_fed_window SET window_idx = ?, window_ms = ?, lim = ?, granted = ?, returned = ?,"
				+ " updated_at = now() WHERE limiter = ? AND fed_key = ?", window, request.windowMillis(), limit,
				granted, returned, limiter, key);
	}

	@Override
	public long giveBack(GiveBackRequest request) {
		return inTransaction(() -> {
			List<Long> window = this.jdbc.queryForList(
					"SELECT window_idx FROM weir_fed_window WHERE limiter = ? AND fed_key = ? FOR UPDATE", Long.class,
					request.limiter(), request.key());
			if (window.isEmpty() || window.get(0) != request.windowIndex()) {
				return 0L;
			}
			int credited = this.jdbc.update("UPDATE weir_fed_region SET returned = returned + ?, last_seq = ?"
					+ " WHERE limiter = ? AND fed_key = ? AND holder = ? AND (last_seq IS NULL OR last_seq < ?)"
					+ " AND granted - returned >= ?", request.units(), request.seq(), request.limiter(), request.key(),
					request.holder(), request.seq(), request.units());
			if (credited == 0) {
				return 0L;
			}
			this.jdbc.update("UPDATE weir_fed_window SET returned = returned + ? WHERE limiter = ? AND fed_key = ?",
					request.units(), request.limiter(), request.key());
			return request.units();
		});
	}

	@Override
	public long probe() {
		return inTransaction(this::clock);
	}

	private long clock() {
		Long now = this.jdbc.queryForObject("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint", Long.class);
		return Objects.requireNonNull(now, "clock");
	}

	/** The marker's loss time; a missing marker with existing tables means the state was lost. */
	private long lostAt(long now) {
		List<Long> marker = this.jdbc.queryForList("SELECT lost_at FROM weir_fed_marker WHERE id = 1", Long.class);
		if (!marker.isEmpty()) {
			return marker.get(0);
		}
		long lostAt = now + this.quarantineMarginMillis;
		this.jdbc.update("INSERT INTO weir_fed_marker (id, lost_at) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", lostAt);
		return this.jdbc.queryForObject("SELECT lost_at FROM weir_fed_marker WHERE id = 1", Long.class);
	}

	private <T> T inTransaction(java.util.function.Supplier<T> operation) {
		try {
			ensureSchema();
			return this.transactions.execute((status) -> {
				this.jdbc.execute("SET LOCAL lock_timeout = '2s'");
				this.jdbc.execute("SET LOCAL statement_timeout = '5s'");
				return operation.get();
			});
		}
		catch (CoordinatorException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// The database may have been replaced: look for the tables again on the next call.
			this.schemaReady = false;
			throw new CoordinatorException(Kind.UNAVAILABLE, "PostgreSQL failed: " + ex.getMessage(), ex);
		}
	}

	private void ensureSchema() {
		if (this.schemaReady) {
			return;
		}
		synchronized (this) {
			if (this.schemaReady) {
				return;
			}
			String found = this.jdbc.queryForObject("SELECT to_regclass('weir_fed_window')::text", String.class);
			if (found == null) {
				String script;
				try {
					ClassPathResource schema = new ClassPathResource(SCHEMA, JdbcCoordinator.class.getClassLoader());
					script = StreamUtils.copyToString(schema.getInputStream(), StandardCharsets.UTF_8);
				}
				catch (java.io.IOException ex) {
					throw new IllegalStateException("cannot read " + SCHEMA, ex);
				}
				this.transactions.executeWithoutResult((status) -> {
					for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
						// Tables created here get no marker: a database that lost them looks new, so the
						// first lease finds the marker missing and quarantines the window (as Redis does).
						if (!statement.isBlank() && !statement.strip().startsWith("INSERT INTO weir_fed_marker")) {
							this.jdbc.execute(statement);
						}
					}
				});
			}
			this.schemaReady = true;
		}
	}

	private static long number(Map<String, Object> row, String column) {
		return ((Number) Objects.requireNonNull(row.get(column), column)).longValue();
	}

}
