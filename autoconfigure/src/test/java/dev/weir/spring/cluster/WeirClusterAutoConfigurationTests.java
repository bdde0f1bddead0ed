package dev.weir.spring.cluster;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.weir.cluster.ClusterMember;
import dev.weir.discovery.SeedProvider;
import dev.weir.spring.InvalidWeirPropertyException;

import static org.assertj.core.api.Assertions.assertThat;

class WeirClusterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirClusterAutoConfiguration.class))
		.withPropertyValues("weir.cluster.bind-address=127.0.0.1", "weir.cluster.bind-port=0",
				"weir.cluster.profile=local");

	@Test
	void theNodeStartsWithTheApplicationAndListsItself() {
		this.runner.withPropertyValues("weir.cluster.node-name=solo").run((context) -> {
			WeirCluster cluster = context.getBean(WeirCluster.class);
			assertThat(cluster.isRunning()).isTrue();
			assertThat(cluster.members()).extracting(ClusterMember::name).containsExactly("solo");
		});
	}

	@Test
	void theDefaultNameCarriesTheGossipPortWhenItIsNotTheDefault() {
		this.runner.run((context) -> {
			WeirCluster cluster = context.getBean(WeirCluster.class);
			int port = cluster.node().address().getPort();
			assertThat(cluster.node().name()).endsWith("-" + port);
		});
	}

	@Test
	void twoApplicationsJoinedByStaticSeedsSeeEachOther() {
		this.runner.withPropertyValues("weir.cluster.node-name=first").run((first) -> {
			int port = first.getBean(WeirCluster.class).node().address().getPort();
			this.runner
				.withPropertyValues("weir.cluster.node-name=second", "weir.discovery.static.seeds=127.0.0.1:" + port)
				.run((second) -> {
					assertThat(eventually(() -> first.getBean(WeirCluster.class).members().size() == 2)).isTrue();
					assertThat(eventually(() -> second.getBean(WeirCluster.class).members().size() == 2)).isTrue();
					assertThat(second.getBean(WeirCluster.class).members()).extracting(ClusterMember::name)
						.containsExactlyInAnyOrder("first", "second");
				});
		});
	}

	@Test
	void aSeedProviderBeanOfTheApplicationReplacesTheStaticSeeds() {
		this.runner.withPropertyValues("weir.cluster.node-name=first").run((first) -> {
			InetSocketAddress address = first.getBean(WeirCluster.class).node().address();
			this.runner.withPropertyValues("weir.cluster.node-name=second", "weir.discovery.static.seeds=127.0.0.1:1")
				.withBean(SeedProvider.class, () -> () -> List.of(address))
				.run((second) -> assertThat(eventually(() -> second.getBean(WeirCluster.class).members().size() == 2))
					.isTrue());
		});
	}

	@Test
	void aRejoinIntervalThatIsNotPositiveIsNamed() {
		this.runner.withPropertyValues("weir.discovery.rejoin-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidWeirPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("weir.discovery.rejoin-interval")));
	}

	@Test
	void nothingStartsWhenTheClusterIsDisabled() {
		this.runner.withPropertyValues("weir.cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WeirCluster.class));
	}

	@Test
	void nothingStartsWhenWeirIsDisabled() {
		this.runner.withPropertyValues("weir.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WeirCluster.class));
	}

	@Test
	void aKeyThatIsNotBase64OfAnAesKeyIsNamed() {
		this.runner.withPropertyValues("weir.cluster.keyring=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,c2hvcnQ=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidWeirPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("weir.cluster.keyring[1]")));
	}

	@Test
	void aSeedThatIsNotHostAndPortIsNamed() {
		this.runner.withPropertyValues("weir.discovery.static.seeds=10.0.0.1:7946,10.0.0.2:gossip")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidWeirPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("weir.discovery.static.seeds[1]")));
	}

	@Test
	void aGossipPortInUseIsNamedWithTheFix() throws Exception {
		try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			this.runner.withPropertyValues("weir.cluster.bind-port=" + taken.getLocalPort())
				.run((context) -> {
					InvalidWeirPropertyException ex = invalidProperty(context.getStartupFailure());
					assertThat(ex.getProperty()).isEqualTo("weir.cluster.bind-port");
					assertThat(ex.getAction()).contains("free port");
				});
		}
	}

	private static InvalidWeirPropertyException invalidProperty(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidWeirPropertyException invalid) {
				return invalid;
			}
		}
		throw new AssertionError("no InvalidWeirPropertyException in " + failure, failure);
	}

	private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (Instant.now().isBefore(deadline)) {
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(50);
		}
		return condition.getAsBoolean();
	}

}
