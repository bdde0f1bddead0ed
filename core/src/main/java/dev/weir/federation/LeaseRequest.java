package dev.weir.federation;

import java.util.Objects;

/**
 * A request for units of a key's global budget in the coordinator's current window.
 *
 * @param limiter the limiter's name
 * @param key the rate-limit key
 * @param holder who holds the units: the region and the process within it, such as
 * {@code eu-west/4f2a}; the coordinator keeps its grants, give-backs and last request per holder
 * @param want how many units, 1 or more
 * @param requestId the caller's id of this request, increasing per holder; a retry with the same
 * id gets the same answer instead of a second grant
 * @param limit the limit per window the caller was configured with, checked against the
 * coordinator's snapshot
 * @param windowMillis the window length in milliseconds the caller was configured with
 */
public record LeaseRequest(String limiter, String key, String holder, long want, long requestId, long limit,
		long windowMillis) {

	public LeaseRequest {
		Objects.requireNonNull(limiter, "limiter");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(holder, "holder");
		if (want < 1) {
			throw new IllegalArgumentException("want must be positive: " + want);
		}
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be positive: " + limit);
		}
		if (windowMillis < 1) {
			throw new IllegalArgumentException("windowMillis must be positive: " + windowMillis);
		}
	}

}
