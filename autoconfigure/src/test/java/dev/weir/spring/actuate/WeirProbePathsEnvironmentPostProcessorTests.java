package dev.weir.spring.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class WeirProbePathsEnvironmentPostProcessorTests {

	private final WeirProbePathsEnvironmentPostProcessor postProcessor = new WeirProbePathsEnvironmentPostProcessor();

	@Test
	void livenessAndReadinessAreServedAtHealthAndReadyOnTheServerPort() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.endpoint.health.group.liveness.additional-path"))
			.isEqualTo("server:/health");
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.additional-path"))
			.isEqualTo("server:/ready");
	}

	@Test
	void theProbeGroupsHoldOnlyTheAvailabilityStatesSoThatADownDatabaseCannotFailLiveness() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.group.liveness.include")).isEqualTo("livenessState");
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState");
	}

	@Test
	void theApplicationsOwnSettingWins() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("management.endpoint.health.group.readiness.additional-path", "server:/readyz");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.additional-path"))
			.isEqualTo("server:/readyz");
	}

	@Test
	void probePathsCanBeTurnedOff() {
		MockEnvironment environment = new MockEnvironment().withProperty("weir.health.probe-paths", "false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(WeirProbePathsEnvironmentPostProcessor.SOURCE_NAME))
			.isFalse();
	}

	@Test
	void nothingIsAddedWhenWeirIsDisabled() {
		MockEnvironment environment = new MockEnvironment().withProperty("weir.enabled", "false");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.group.liveness.additional-path")).isNull();
	}

}
