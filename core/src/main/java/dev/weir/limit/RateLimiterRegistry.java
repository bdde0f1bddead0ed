package dev.weir.limit;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The named {@link RateLimiter}s of an application: those configured up front, and those
 * declared inline (such as by an annotation) and created on first use.
 */
public final class RateLimiterRegistry {

	private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

	private final Function<LimitPolicy, RateLimiter> factory;

	private final List<Consumer<RateLimiter>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates a registry.
	 * @param factory creates the limiter for a policy
	 * @param configured the limiters known up front
	 */
	public RateLimiterRegistry(Function<LimitPolicy, RateLimiter> factory, Collection<RateLimiter> configured) {
		this.factory = Objects.requireNonNull(factory, "factory");
		for (RateLimiter limiter : configured) {
			RateLimiter previous = this.limiters.putIfAbsent(limiter.policy().name(), limiter);
			if (previous != null) {
				throw new IllegalArgumentException("two limiters are named '" + limiter.policy().name() + "'");
			}
		}
	}

	/**
	 * Returns the limiter with a name.
	 * @param name the name
	 * @return the limiter, or empty if there is none of that name
	 */
	public Optional<RateLimiter> find(String name) {
		return Optional.ofNullable(this.limiters.get(name));
	}

	/**
	 * Returns the limiter for a policy, creating it on first use. A limiter already registered
	 * under the policy's name must enforce the same policy.
	 * @param policy the policy
	 * @return the limiter
	 * @throws IllegalArgumentException if another policy has that name
	 */
	public RateLimiter getOrCreate(LimitPolicy policy) {
		RateLimiter limiter = this.limiters.get(policy.name());
		if (limiter == null) {
			limiter = create(policy);
		}
		if (!limiter.policy().equals(policy)) {
			throw new IllegalArgumentException("limiter '" + policy.name() + "' is already defined as " + limiter.policy()
					+ ", not as " + policy);
		}
		return limiter;
	}

	/**
	 * Creates and registers a limiter, and tells the listeners, under the registry's lock so
	 * that a listener added meanwhile hears of it exactly once. Only the first use of a name
	 * takes the lock.
	 */
	private synchronized RateLimiter create(LimitPolicy policy) {
		RateLimiter existing = this.limiters.get(policy.name());
		if (existing != null) {
			return existing;
		}
		RateLimiter created = this.factory.apply(policy);
		this.limiters.put(policy.name(), created);
		this.listeners.forEach((listener) -> listener.accept(created));
		return created;
	}

	/**
	 * Calls a listener for every limiter registered now and for each one created later, such as
	 * to publish its metrics.
	 * @param listener the listener
	 */
	public synchronized void forEachLimiter(Consumer<RateLimiter> listener) {
		Objects.requireNonNull(listener, "listener");
		this.listeners.add(listener);
		this.limiters.values().forEach(listener);
	}

	/**
	 * Returns every limiter, configured or created since.
	 * @return the limiters, a snapshot
	 */
	public Collection<RateLimiter> all() {
		return List.copyOf(this.limiters.values());
	}

}
