package dev.weir.spring.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.weir.spring.cluster.WeirClusterAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class WeirClusterEndpointTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WeirClusterAutoConfiguration.class, WeirClusterEndpointAutoConfiguration.class))
		.withPropertyValues("weir.cluster.bind-address=127.0.0.1", "weir.cluster.bind-port=0",
				"weir.cluster.node-name=orders-1", "weir.cluster.tags.zone=a",
				"management.endpoints.web.exposure.include=weir");

	@Test
	void theEndpointShowsTheLocalNodeAliveWithItsTagsAndClocks() {
		this.runner.run((context) -> {
			WeirClusterEndpoint.ClusterDescriptor cluster = context.getBean(WeirClusterEndpoint.class).cluster();
			assertThat(cluster.local().name()).isEqualTo("orders-1");
			assertThat(cluster.local().status()).isEqualTo("alive");
			assertThat(cluster.local().address()).isEqualTo("127.0.0.1");
			assertThat(cluster.local().tags()).containsEntry("zone", "a");
			assertThat(cluster.members()).hasSize(1);
			assertThat(cluster.lamportTimes().member()).isPositive();
		});
	}

	@Test
	void theEndpointIsAbsentUnlessExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(WeirClusterEndpoint.class));
	}

	@Test
	void theEndpointIsAbsentWithoutTheCluster() {
		this.runner.withPropertyValues("weir.cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WeirClusterEndpoint.class));
	}

}
