package dev.weir.spring.federation.redis;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the Redis coordinator and escrow, each loaded once from the class path;
 * Spring Data Redis runs them by EVALSHA and sends the body only when the server lacks it.
 */
final class RedisScripts {

	static final RedisScript<List> LEASE = script("lease.lua", List.class);

	static final RedisScript<Long> GIVE_BACK = script("give-back.lua", Long.class);

	static final RedisScript<Long> PROBE = script("probe.lua", Long.class);

	static final RedisScript<Long> DEPOSIT = script("deposit.lua", Long.class);

	static final RedisScript<List> TAKE = script("take.lua", List.class);

	private RedisScripts() {
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		DefaultRedisScript<T> script = new DefaultRedisScript<>();
		script.setLocation(new ClassPathResource("dev/weir/spring/federation/redis/" + name));
		script.setResultType(type);
		return script;
	}

	static long number(List<?> reply, int index) {
		return ((Number) reply.get(index)).longValue();
	}

}
