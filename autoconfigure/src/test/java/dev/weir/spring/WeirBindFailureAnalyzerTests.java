package dev.weir.spring;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class WeirBindFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class));

	@Test
	void aDurationThatDoesNotParseIsExplainedWithExamples() {
		analyze("weir.limits.demo.window=banana", (analysis) -> {
			assertThat(analysis.getDescription()).contains("Property: weir.limits.demo.window")
				.contains("Value:    \"banana\"")
				.contains("a duration such as 500ms");
			assertThat(analysis.getAction()).startsWith("Set weir.limits.demo.window to a duration");
		});
	}

	@Test
	void anUnknownAlgorithmListsTheValidOnes() {
		analyze("weir.limits.demo.algorithm=leaky", (analysis) -> {
			assertThat(analysis.getDescription()).contains("Property: weir.limits.demo.algorithm");
			assertThat(analysis.getAction()).contains("fixed-window, sliding-window, token-bucket");
		});
	}

	@Test
	void aLimitThatIsNotANumberAsksForAWholeNumber() {
		analyze("weir.limits.demo.limit=many",
				(analysis) -> assertThat(analysis.getAction()).contains("weir.limits.demo.limit to a whole number"));
	}

	@Test
	void aBooleanThatDoesNotParseAsksForTrueOrFalse() {
		analyze("weir.http.rate-limit-headers=sometimes",
				(analysis) -> assertThat(analysis.getAction()).contains("true or false"));
	}

	@Test
	void propertiesOutsideWeirAreLeftToSpringBoot() {
		new ApplicationContextRunner().withUserConfiguration(OtherPropertiesConfiguration.class)
			.withPropertyValues("other.window=banana")
			.run((context) -> assertThat(new WeirBindFailureAnalyzer().analyze(context.getStartupFailure())).isNull());
	}

	private void analyze(String property, Consumer<FailureAnalysis> assertions) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new WeirBindFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertions.accept(analysis);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OtherProperties.class)
	static class OtherPropertiesConfiguration {

	}

	@ConfigurationProperties("other")
	static class OtherProperties {

		private java.time.Duration window = java.time.Duration.ofSeconds(1);

		public java.time.Duration getWindow() {
			return this.window;
		}

		public void setWindow(java.time.Duration window) {
			this.window = window;
		}

	}

}
