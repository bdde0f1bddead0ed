package dev.weir.spring.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.weir.spring.badapp.BadAnnotationApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts the application as a user would, with one bad setting each, and reads the report that
 * Spring Boot prints.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureApplicationTests {

	@Test
	void aWindowThatIsNotADurationIsReportedWithAnExample(CapturedOutput output) {
		assertFailsToStart(LimitedApplication.class, output, "--weir.limits.demo.limit=5",
				"--weir.limits.demo.window=banana");
		assertThat(output).contains("Property: weir.limits.demo.window")
			.contains("Value:    \"banana\"")
			.contains("Set weir.limits.demo.window to a duration such as 500ms");
	}

	@Test
	void anUnknownAlgorithmIsReportedWithTheValidOnes(CapturedOutput output) {
		assertFailsToStart(LimitedApplication.class, output, "--weir.limits.demo.limit=5",
				"--weir.limits.demo.algorithm=leaky-bucket");
		assertThat(output).contains("Property: weir.limits.demo.algorithm")
			.contains("fixed-window, sliding-window, token-bucket");
	}

	@Test
	void aMissingLimitIsReported(CapturedOutput output) {
		assertFailsToStart(LimitedApplication.class, output, "--weir.limits.demo.window=1m");
		assertThat(output).contains("Property: weir.limits.demo.limit").contains("Set weir.limits.demo.limit to");
	}

	@Test
	void aTokenBucketSharedByTheClusterIsReported(CapturedOutput output) {
		assertFailsToStart(LimitedApplication.class, output, "--weir.limits.demo.limit=5",
				"--weir.limits.demo.scope=cluster", "--weir.limits.demo.algorithm=token-bucket");
		assertThat(output).contains("Property: weir.limits.demo.algorithm")
			.contains("Set weir.limits.demo.algorithm to fixed-window or sliding-window");
	}

	@Test
	void aFederatedLimiterWithoutACoordinatorIsReported(CapturedOutput output) {
		assertFailsToStart(LimitedApplication.class, output, "--weir.limits.demo.limit=5",
				"--weir.limits.demo.scope=federated");
		assertThat(output).contains("Property: weir.federation.coordinator")
			.contains("Set weir.federation.coordinator to redis");
	}

	@Test
	void anUnparsableRuleKeyIsReported(CapturedOutput output) {
		assertFailsToStart(LimitedApplication.class, output, "--weir.limits.demo.limit=5",
				"--weir.rules[0].path=/api/**", "--weir.rules[0].limiter=demo",
				"--weir.rules[0].key=#request.getHeader('X-Api-Key'");
		assertThat(output).contains("Property: weir.rules[0].key")
			.contains("not a valid SpEL expression")
			.contains("Fix the expression in weir.rules[0].key");
	}

	@Test
	void anUnparsableRuleConditionIsReported(CapturedOutput output) {
		assertFailsToStart(LimitedApplication.class, output, "--weir.limits.demo.limit=5",
				"--weir.rules[0].path=/api/**", "--weir.rules[0].limiter=demo", "--weir.rules[0].when=#path ==");
		assertThat(output).contains("Property: weir.rules[0].when");
	}

	@Test
	void aRuleWithAnUnknownLimiterIsReported(CapturedOutput output) {
		assertFailsToStart(LimitedApplication.class, output, "--weir.rules[0].path=/api/**",
				"--weir.rules[0].limiter=orders");
		assertThat(output).contains("Property: weir.rules[0].limiter")
			.contains("Define weir.limits.orders.limit");
	}

	@Test
	void anUnparsableAnnotationKeyIsReportedWithTheMethod(CapturedOutput output) {
		assertFailsToStart(BadAnnotationApplication.class, output);
		assertThat(output).contains("Property: @RateLimited on BadController.bad (key)")
			.contains("not a valid SpEL expression");
	}

	private static void assertFailsToStart(Class<?> application, CapturedOutput output, String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--server.port=0";
		all[1] = "--weir.cluster.bind-port=0";
		System.arraycopy(args, 0, all, 2, args.length);
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(application).run(all).close());
		assertThat(output).contains("APPLICATION FAILED TO START").contains("Action:");
	}

}
