package dev.weir.benchmarks.stores;

import java.util.List;
import java.util.Objects;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One window of the replica: what the regions admitted, how many leases it took, and the
 * key's hash in Redis read after the loop, which shows what the coordinator granted net of
 * give-backs, independently of the limiters' own counts.
 *
 * @param admitted requests admitted in the window, all regions
 * @param trips lease calls in the window, zero grants included
 * @param netGranted units Redis granted in the window minus units given back to it
 * @param loopMillis how long the window's requests took, first to last
 */
record ReplicaWindow(long admitted, long trips, long netGranted, double loopMillis) {

	/**
	 * Reads the net grant of a key's window from the coordinator's hash, and checks that the
	 * hash holds that window and that neither the grant nor the admissions exceed the limit.
	 * @param redis the template
	 * @param limiter the limiter's name
	 * @param key the key
	 * @param window the window the loop ran in
	 * @param limit the limit
	 * @param admitted what the regions admitted
	 * @return units granted minus units returned
	 * @throws IllegalStateException if a check fails
	 */
	static long netGranted(StringRedisTemplate redis, String limiter, String key, long window, long limit,
			long admitted) {
		String hash = "weir:fed:{" + limiter + ":" + key + "}";
		List<Object> fields = redis.opsForHash().multiGet(hash, List.of("w", "granted", "returned"));
		long stored = Long.parseLong((String) Objects.requireNonNull(fields.get(0), "w"));
		long net = Long.parseLong((String) fields.get(1)) - Long.parseLong((String) fields.get(2));
		if (stored != window || net > limit || admitted > net) {
			throw new IllegalStateException("Redis holds window " + stored + " (loop ran in " + window + "), net grant "
					+ net + " for limit " + limit + ", admitted " + admitted);
		}
		return net;
	}

}
