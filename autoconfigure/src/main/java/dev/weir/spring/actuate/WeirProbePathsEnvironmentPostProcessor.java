package dev.weir.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Serves Actuator's liveness and readiness groups at {@code /health} and {@code /ready} on the
 * server port, as orchestrators probe them, by adding defaults at the lowest precedence: any
 * {@code management.endpoint.health.*} property the application sets wins. Turned off with
 * {@code weir.health.probe-paths=false}.
 */
class WeirProbePathsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "weirProbePathDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("weir.enabled", Boolean.class, true)
				|| !environment.getProperty("weir.health.probe-paths", Boolean.class, true)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.endpoint.health.probes.enabled", "true");
		defaults.put("management.endpoint.health.group.liveness.additional-path", "server:/health");
		defaults.put("management.endpoint.health.group.readiness.additional-path", "server:/ready");
		// Naming the groups above defines them, so Boot no longer adds its probe groups with
		// their members: without these, both groups would include every contributor, and a
		// database or Redis that is down would fail the liveness probe and restart the instance.
		defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
		defaults.put("management.endpoint.health.group.readiness.include", "readinessState");
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
	}

}
