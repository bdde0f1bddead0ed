package dev.weir.spring.federation.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

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

	/**
	 * Reads a script's text now, through this class's own class loader: a script that kept a
	 * resource to read later would read it through whichever loader was the thread's when the
	 * class was first used, such as a web application's that has since been stopped.
	 */
	private static <T> RedisScript<T> script(String name, Class<T> type) {
		ClassPathResource resource = new ClassPathResource("dev/weir/spring/federation/redis/" + name,
				RedisScripts.class.getClassLoader());
		try (InputStream in = resource.getInputStream()) {
			return new DefaultRedisScript<>(StreamUtils.copyToString(in, StandardCharsets.UTF_8), type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the Redis script " + resource, ex);
		}
	}

	static long number(List<?> reply, int index) {
		return ((Number) reply.get(index)).longValue();
	}

}
