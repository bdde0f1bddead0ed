package dev.weir.federation;

import java.util.Objects;

/**
 * Units a holder returns to the window they were granted for.
 *
 * @param limiter the limiter's name
 * @param key the rate-limit key
 * @param holder the holder that was granted them
 * @param windowIndex the coordinator window the units belong to
 * @param units how many, 1 or more
 * @param seq the holder's give-back sequence number; a give-back is credited only if its seq
 * exceeds the last one credited for the holder, so a duplicate is never credited twice
 */
public record GiveBackRequest(String limiter, String key, String holder, long windowIndex, long units, long seq) {

	public GiveBackRequest {
		Objects.requireNonNull(limiter, "limiter");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(holder, "holder");
		if (units < 1) {
			throw new IllegalArgumentException("units must be positive: " + units);
		}
	}

}
