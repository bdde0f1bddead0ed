package dev.weir.spring;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidWeirPropertyFailureAnalyzerTests {

	@Test
	void theReportNamesThePropertyTheValueTheReasonAndTheFix() {
		InvalidWeirPropertyException ex = new InvalidWeirPropertyException("weir.rules[0].key", "#request.(",
				"not a valid SpEL expression", "Fix the expression in weir.rules[0].key.");
		FailureAnalysis analysis = new InvalidWeirPropertyFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", ex));
		assertThat(analysis.getDescription()).contains("Property: weir.rules[0].key")
			.contains("Value:    \"#request.(\"")
			.contains("Reason:   not a valid SpEL expression");
		assertThat(analysis.getAction()).isEqualTo("Fix the expression in weir.rules[0].key.");
		assertThat(analysis.getCause()).isSameAs(ex);
	}

	@Test
	void aMissingValueIsShownAsNone() {
		FailureAnalysis analysis = new InvalidWeirPropertyFailureAnalyzer().analyze(new InvalidWeirPropertyException(
				"weir.limits.demo.limit", null, "every limiter needs a limit", "Set weir.limits.demo.limit."));
		assertThat(analysis.getDescription()).contains("Value:    (none)");
	}

}
