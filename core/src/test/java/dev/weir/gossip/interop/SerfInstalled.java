package dev.weir.gossip.interop;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables a test class where the {@code serf} binary is missing, saying so on standard error
 * once per class.
 */
public final class SerfInstalled implements ExecutionCondition {

	static final String MISSING = "serf is not installed: apt-get install serf to run the interop tests";

	/**
	 * Returns the {@code serf} binary of an enabled test.
	 * @return the binary
	 * @throws IllegalStateException if it is missing
	 */
	public static Path binary() {
		return SerfAgent.binary().orElseThrow(() -> new IllegalStateException(MISSING));
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Optional<Path> binary = SerfAgent.binary();
		if (binary.isPresent()) {
			return ConditionEvaluationResult.enabled("serf found at " + binary.get());
		}
		String where = System.getProperty(SerfAgent.BINARY_PROPERTY);
		String message = MISSING + ((where != null) ? " (" + SerfAgent.BINARY_PROPERTY + "=" + where + ")"
				: " (no serf on the PATH)");
		if (context.getTestMethod().isEmpty()) {
			// Once per class: a disabled class never asks about its methods.
			System.err.println("[serf-interop] SKIPPED " + context.getDisplayName() + ": " + message);
		}
		return ConditionEvaluationResult.disabled(message);
	}

}
