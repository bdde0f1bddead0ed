package dev.weir.spring;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a {@code weir.*} property, or a {@link RateLimited} annotation, holds
 * a value Weir cannot use. Its failure analysis names the property, says what is wrong and how
 * to fix it.
 */
public class InvalidWeirPropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final @Nullable String value;

	private final String reason;

	private final String action;

	/**
	 * Creates an exception for one bad property.
	 * @param property the property's name, such as {@code weir.limits.demo.window}, or where an
	 * annotation stands
	 * @param value the bad value, or {@code null} if it is missing
	 * @param reason what is wrong with it
	 * @param action how to fix it
	 */
	public InvalidWeirPropertyException(String property, @Nullable String value, String reason, String action) {
		this(property, value, reason, action, null);
	}

	/**
	 * Creates an exception for one bad property, with the error that revealed it.
	 * @param property the property's name
	 * @param value the bad value, or {@code null} if it is missing
	 * @param reason what is wrong with it
	 * @param action how to fix it
	 * @param cause the error that revealed it
	 */
	public InvalidWeirPropertyException(String property, @Nullable String value, String reason, String action,
			@Nullable Throwable cause) {
		super("Invalid value " + ((value != null) ? "'" + value + "'" : "(none)") + " for " + property + ": " + reason,
				cause);
		this.property = Objects.requireNonNull(property, "property");
		this.value = value;
		this.reason = Objects.requireNonNull(reason, "reason");
		this.action = Objects.requireNonNull(action, "action");
	}

	/**
	 * Returns the property's name.
	 * @return the property
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Returns the bad value.
	 * @return the value, or {@code null} if it is missing
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * Returns what is wrong with the value.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Returns how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
