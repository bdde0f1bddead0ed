package dev.weir.spring.federation.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.springframework.data.redis.core.StringRedisTemplate;

import dev.weir.federation.CoordinatorException;
import dev.weir.federation.CoordinatorException.Kind;
import dev.weir.federation.GiveBackRequest;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.LeaseGrant;
import dev.weir.federation.LeaseRequest;

/**
 * A {@link GlobalCoordinator} in Redis: one hash per limiter and key,
 * {@code weir:fed:{limiter:key}}, changed only by Lua scripts that read the server's clock with
 * {@code TIME}, and a start marker {@code weir:fed:marker} whose absence means the store is new
 * or lost its data, so the windows started by then grant nothing (quarantine).
 *
 * <p>Δ = 0 needs the current window's state never to be lost while escrow of it exists: run
 * Redis with {@code maxmemory-policy noeviction} and {@code appendfsync always} (or wait for a
 * replica), and on one node or a primary with replicas, not Redis Cluster (the marker is a
 * second key in another slot).
 */
public final class RedisCoordinator implements GlobalCoordinator {

	static final String MARKER = "weir:fed:marker";

	private final StringRedisTemplate redis;

	private final String quarantineMarginMillis;

	/**
	 * Creates a coordinator.
	 * @param redis the template to run scripts with
	 * @param quarantineMargin the largest step back of the server's clock a state loss is
	 * guarded against
	 */
	public RedisCoordinator(StringRedisTemplate redis, Duration quarantineMargin) {
		this.redis = Objects.requireNonNull(redis, "redis");
		this.quarantineMarginMillis = Long.toString(quarantineMargin.toMillis());
	}

	static String hashKey(String limiter, String key) {
		return "weir:fed:{" + limiter + ":" + key + "}";
	}

	@Override
	public LeaseGrant lease(LeaseRequest request) {
		List<?> reply = run(() -> this.redis.execute(RedisScripts.LEASE,
				List.of(hashKey(request.limiter(), request.key()), MARKER), request.holder(),
				Long.toString(request.want()), Long.toString(request.requestId()), Long.toString(request.limit()),
				Long.toString(request.windowMillis()), this.quarantineMarginMillis));
		if (RedisScripts.number(reply, 0) < 0) {
			throw new CoordinatorException(Kind.CONFIG_MISMATCH,
					"limiter '" + request.limiter() + "' asks for limit " + request.limit() + " per "
							+ request.windowMillis() + "ms but Redis holds limit " + RedisScripts.number(reply, 1)
							+ " per " + RedisScripts.number(reply, 2)
							+ "ms for the current window; every region must configure it alike");
		}
		return new LeaseGrant(RedisScripts.number(reply, 0), RedisScripts.number(reply, 1),
				RedisScripts.number(reply, 2), RedisScripts.number(reply, 3), RedisScripts.number(reply, 4));
	}

	@Override
	public long giveBack(GiveBackRequest request) {
		Long credited = run(() -> this.redis.execute(RedisScripts.GIVE_BACK,
				List.of(hashKey(request.limiter(), request.key())), request.holder(),
				Long.toString(request.windowIndex()), Long.toString(request.units()), Long.toString(request.seq())));
		return credited;
	}

	@Override
	public long probe() {
		Long now = run(() -> this.redis.execute(RedisScripts.PROBE, List.of()));
		return now;
	}

	static <T> T run(java.util.function.Supplier<T> call) {
		T result;
		try {
			result = call.get();
		}
		catch (RuntimeException ex) {
			throw new CoordinatorException(Kind.UNAVAILABLE, "Redis failed: " + ex.getMessage(), ex);
		}
		if (result == null) {
			throw new CoordinatorException(Kind.UNAVAILABLE, "Redis returned no reply (pipeline or transaction?)");
		}
		return result;
	}

}
