package dev.weir.federation;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link GlobalCoordinator} or {@link RegionalEscrow} that could not answer. The
 * federated limiter counts it by {@link Kind} and never admits on it.
 */
public class CoordinatorException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	/**
	 * Creates an exception.
	 * @param kind what went wrong
	 * @param message what happened, naming the limiter where known
	 * @param cause the underlying error, if any
	 */
	public CoordinatorException(Kind kind, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.kind = Objects.requireNonNull(kind, "kind");
	}

	/**
	 * Creates an exception without a cause.
	 * @param kind what went wrong
	 * @param message what happened
	 */
	public CoordinatorException(Kind kind, String message) {
		this(kind, message, null);
	}

	/**
	 * Returns what went wrong.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * What went wrong, a closed set used as a metric tag.
	 */
	public enum Kind {

		/**
		 * The store did not answer in time, refused the connection or failed the operation.
		 */
		UNAVAILABLE,

		/**
		 * The caller's limit or window differs from the one the coordinator holds for the key's
		 * window: regions disagree on the limiter's configuration.
		 */
		CONFIG_MISMATCH

	}

}
