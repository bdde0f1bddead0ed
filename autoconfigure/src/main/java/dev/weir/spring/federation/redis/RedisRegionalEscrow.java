package dev.weir.spring.federation.redis;

import java.util.List;
import java.util.Objects;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.weir.federation.RegionalEscrow;

/**
 * A {@link RegionalEscrow} in Redis: one hash per limiter, region and key,
 * {@code weir:l2:{limiter:region:key}}, holding the coordinator's window index and end and the
 * balance. The store never judges expiry; its key expires one window after the end, for
 * garbage only.
 */
public final class RedisRegionalEscrow implements RegionalEscrow {

	private final StringRedisTemplate redis;

	private final String region;

	private final long windowMillis;

	/**
	 * Creates an escrow for one region.
	 * @param redis the region's Redis
	 * @param region the region
	 * @param windowMillis how long entries outlive their window's end, for garbage collection
	 */
	public RedisRegionalEscrow(StringRedisTemplate redis, String region, long windowMillis) {
		this.redis = Objects.requireNonNull(redis, "redis");
		this.region = Objects.requireNonNull(region, "region");
		this.windowMillis = windowMillis;
	}

	private String entry(String limiter, String key) {
		return "weir:l2:{" + limiter + ":" + this.region + ":" + key + "}";
	}

	@Override
	public long deposit(String limiter, String key, long windowIndex, long windowEndMillis, long units) {
		if (units < 1) {
			throw new IllegalArgumentException("units must be positive: " + units);
		}
		Long accepted = RedisCoordinator.run(() -> this.redis.execute(RedisScripts.DEPOSIT,
				List.of(entry(limiter, key)), Long.toString(windowIndex), Long.toString(windowEndMillis),
				Long.toString(units), Long.toString(this.windowMillis)));
		return accepted;
	}

	@Override
	public EscrowTake take(String limiter, String key, long want) {
		if (want < 1) {
			throw new IllegalArgumentException("want must be positive: " + want);
		}
		List<?> reply = RedisCoordinator.run(
				() -> this.redis.execute(RedisScripts.TAKE, List.of(entry(limiter, key)), Long.toString(want)));
		long units = RedisScripts.number(reply, 0);
		return (units == 0) ? EscrowTake.NONE
				: new EscrowTake(units, RedisScripts.number(reply, 1), RedisScripts.number(reply, 2));
	}

}
