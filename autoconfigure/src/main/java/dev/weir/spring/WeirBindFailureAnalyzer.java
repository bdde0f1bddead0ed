package dev.weir.spring;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Explains a {@code weir.*} property that could not be converted to its type, such as
 * {@code weir.limits.demo.window=banana}, with an example of a valid value. Runs before Spring
 * Boot's generic analyzer, and leaves every other property to it.
 */
class WeirBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String name = cause.getName().toString();
		if (!name.startsWith("weir.")) {
			return null;
		}
		if (cause.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
			return analyzeUnbound(name, unbound, cause);
		}
		ConfigurationProperty property = cause.getProperty();
		Class<?> type = cause.getTarget().getType().resolve(Object.class);
		StringBuilder description = new StringBuilder();
		description.append("Weir could not start because a property has a value of the wrong form.\n\n");
		description.append("    Property: ").append(name).append('\n');
		if (property != null) {
			description.append("    Value:    \"").append(property.getValue()).append("\"\n");
			if (property.getOrigin() != null) {
				description.append("    Origin:   ").append(property.getOrigin()).append('\n');
			}
		}
		description.append("    Reason:   it must be ").append(expected(type));
		Throwable reason = cause.getCause();
		if (reason != null && reason.getMessage() != null) {
			description.append(" (").append(reason.getMessage()).append(')');
		}
		String action = "Set " + name + " to " + expected(type) + ", or remove it to use the default.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	/**
	 * A list such as {@code weir.rules} is bound whole from the one property source that has
	 * it; an element set elsewhere (say one key on the command line) is left unbound.
	 */
	private static FailureAnalysis analyzeUnbound(String name, UnboundConfigurationPropertiesException unbound,
			BindException cause) {
		StringBuilder description = new StringBuilder();
		description.append("Weir could not start because part of the list ").append(name).append(" was ignored.\n\n");
		for (ConfigurationProperty property : unbound.getUnboundProperties()) {
			description.append("    Property: ").append(property.getName()).append('\n');
			description.append("    Value:    \"").append(property.getValue()).append("\"\n");
			if (property.getOrigin() != null) {
				description.append("    Origin:   ").append(property.getOrigin()).append('\n');
			}
		}
		description.append("    Reason:   a list is taken whole from one property source, and these elements")
			.append(" come from another one than the rest of ").append(name);
		String action = "Set every property of " + name
				+ " in the same place (for example the whole rule on the command line, or all of it in"
				+ " application.yml).";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static String expected(Class<?> type) {
		if (type == Duration.class) {
			return "a duration such as 500ms, 10s, 1m or 1h (or ISO-8601 such as PT1M)";
		}
		if (type == DataSize.class) {
			return "a size such as 1400B or 64KB";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase().replace('_', '-'))
				.collect(Collectors.joining(", "));
		}
		if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
			return "a whole number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		return "a value of type " + type.getSimpleName();
	}

}
