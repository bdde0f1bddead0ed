package dev.weir.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidWeirPropertyException}: which property, what is wrong, how to fix
 * it.
 */
class InvalidWeirPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWeirPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWeirPropertyException cause) {
		StringBuilder description = new StringBuilder();
		description.append("Weir could not start because of an invalid configuration.\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		description.append("    Value:    ").append((cause.getValue() != null) ? "\"" + cause.getValue() + "\"" : "(none)")
			.append('\n');
		description.append("    Reason:   ").append(cause.getReason());
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

}
