package dev.weir.spring.federation;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.weir.federation.CoordinatorException;
import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;
import dev.weir.limit.LimitPolicy;
import dev.weir.spring.federation.jdbc.JdbcCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The PostgreSQL coordinator against a real PostgreSQL server started by the test.
 */
class JdbcCoordinatorIT {

	private EmbeddedPostgres postgres;

	private JdbcCoordinator coordinator;

	private JdbcTemplate jdbc;

	@BeforeEach
	void startPostgres() throws IOException {
		this.postgres = EmbeddedPostgres.start();
		DataSource dataSource = this.postgres.getPostgresDatabase();
		this.coordinator = new JdbcCoordinator(dataSource, Duration.ZERO);
		this.jdbc = new JdbcTemplate(dataSource);
		this.coordinator.probe();
		// Tables created on first use carry no marker (a new database looks wiped); mark this one new.
		this.jdbc.update("INSERT INTO weir_fed_marker (id, lost_at) VALUES (1, -1) ON CONFLICT (id) DO NOTHING");
	}

	@AfterEach
	void stopPostgres() throws IOException {
		this.postgres.close();
	}

	private LeaseRequest request(String holder, long want, long id) {
		return new LeaseRequest("it", "k", holder, want, id, 10, 60_000);
	}

	@Test
	void leaseNeverGrantsMoreThanTheRemainingBudget() {
		assertThat(this.coordinator.lease(request("a/1", 8, 1)).granted()).isEqualTo(8);
		assertThat(this.coordinator.lease(request("b/1", 8, 1)).granted()).isEqualTo(2);
		assertThat(this.coordinator.lease(request("c/1", 8, 1)).granted()).isZero();
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
		long w = this.coordinator.lease(request("a/1", 4, 1)).windowIndex();
		assertThat(this.coordinator.giveBack(new GiveBackRequest("it", "k", "a/1", w, 5, 1))).isZero();
		assertThat(this.coordinator.giveBack(new GiveBackRequest("it", "k", "a/1", w, 3, 1))).isEqualTo(3);
		assertThat(this.coordinator.giveBack(new GiveBackRequest("it", "k", "a/1", w, 1, 1))).isZero();
		assertThat(this.coordinator.giveBack(new GiveBackRequest("it", "k", "a/1", w - 1, 1, 2))).isZero();
		assertThat(this.coordinator.lease(request("b/1", 10, 1)).granted()).isEqualTo(9);
	}

	@Test
	void regionsThatDisagreeOnTheWindowGetAConfigMismatch() {
		this.coordinator.lease(request("a/1", 1, 1));
		assertThatExceptionOfType(CoordinatorException.class)
			.isThrownBy(() -> this.coordinator.lease(new LeaseRequest("it", "k", "b/1", 1, 1, 10, 30_000)))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(CoordinatorException.Kind.CONFIG_MISMATCH));
	}

	@Test
	void aDatabaseWithoutItsMarkerQuarantinesTheCurrentWindow() {
		this.jdbc.update("DELETE FROM weir_fed_marker");
		assertThat(this.coordinator.lease(request("a/1", 4, 1)).granted()).isZero();
	}

	@Test
	void aDatabaseReplacedByAnEmptyOneQuarantinesTheCurrentWindow() throws IOException {
		assertThat(this.coordinator.lease(request("a/1", 4, 1)).granted()).isEqualTo(4);
		int port = this.postgres.getPort();
		this.postgres.close();
		assertThatExceptionOfType(CoordinatorException.class).isThrownBy(() -> this.coordinator.lease(request("a/1", 4, 2)))
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(CoordinatorException.Kind.UNAVAILABLE));
		this.postgres = EmbeddedPostgres.builder().setPort(port).start();
		assertThat(this.coordinator.lease(request("b/1", 4, 1)).granted()).isZero();
	}

	@Test
	void threeRegionsOnThreadsNeverAdmitMoreThanTheLimitPerWindow() throws InterruptedException {
		LimitPolicy policy = FederationScenarios.policy("threads", 200, Duration.ofMillis(500));
		Map<Long, Long> admitted = FederationScenarios.hammer(this.coordinator, policy, 3, 8, Duration.ofSeconds(3));
		FederationScenarios.assertNoOvershootAndFullUse(admitted, 200);
	}

}
