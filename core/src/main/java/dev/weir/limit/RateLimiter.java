package dev.weir.limit;

/**
 * Decides, key by key, whether a request may take permits under a {@link LimitPolicy}.
 *
 * <p>Implementations are safe for concurrent use, and a decision on a known key never blocks:
 * the state of each key is advanced by compare-and-set. A limiter remembers at most {@link LimitPolicy#maxKeys()} keys.
 * When a new key arrives at that bound, the limiter first forgets keys whose state has expired
 * (their next decision would be the same as for a new key, so nothing changes), and if every
 * remembered key is still live it forgets the tenth of them that would expire soonest. A
 * forgotten live key starts afresh, so it may be granted up to one more limit within its current
 * window; each such eviction is counted in {@link #evictedKeys()}. One thread trims while the
 * others go on, so the table may briefly hold more keys than the bound; once it is a tenth over,
 * threads bringing new keys wait for the trim, so it never holds more than the bound plus a
 * tenth plus one key per thread.
 */
public interface RateLimiter {

	/**
	 * Returns the policy this limiter enforces.
	 * @return the policy
	 */
	LimitPolicy policy();

	/**
	 * Tries to take permits for a key. Never blocks.
	 * @param key the key, such as a user or client address
	 * @param permits how many permits to take, from 1 to the policy's limit
	 * @return the decision; when denied, nothing was taken
	 * @throws IllegalArgumentException if permits is out of range
	 */
	Decision tryAcquire(String key, long permits);

	/**
	 * Tries to take one permit for a key.
	 * @param key the key
	 * @return the decision
	 */
	default Decision tryAcquire(String key) {
		return tryAcquire(key, 1);
	}

	/**
	 * Returns how many keys the limiter remembers now.
	 * @return the number of keys
	 */
	int keyCount();

	/**
	 * Returns how many live keys were forgotten because the key bound was reached.
	 * @return the number of evictions since the limiter was created
	 */
	long evictedKeys();

	/**
	 * Returns how many requests were granted.
	 * @return the number of allowed decisions since the limiter was created
	 */
	long allowedCount();

	/**
	 * Returns how many requests were refused.
	 * @return the number of denied decisions since the limiter was created
	 */
	long deniedCount();

}
