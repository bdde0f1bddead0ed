package dev.weir.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.weir.time.ManualClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link RateLimiterRegistry}: configured limiters, limiters created on first use, and
 * the listeners that publish them.
 */
class RateLimiterRegistryTests {

	private final ManualClock clock = new ManualClock();

	private final AtomicInteger created = new AtomicInteger();

	private final Function<LimitPolicy, RateLimiter> factory = (policy) -> {
		this.created.incrementAndGet();
		return RateLimiters.local(policy, this.clock);
	};

	@Test
	void findReturnsAConfiguredLimiter() {
		RateLimiter configured = limiter("configured");
		RateLimiterRegistry registry = registry(configured);
		assertThat(registry.find("configured")).containsSame(configured);
	}

	@Test
	void findReturnsEmptyForAnUnknownName() {
		assertThat(registry(limiter("configured")).find("unknown")).isEmpty();
	}

	@Test
	void findReturnsALimiterCreatedOnFirstUse() {
		RateLimiterRegistry registry = registry();
		RateLimiter created = registry.getOrCreate(policy("inline"));
		assertThat(registry.find("inline")).containsSame(created);
	}

	@Test
	void getOrCreateCreatesALimiterForThePolicy() {
		LimitPolicy policy = policy("inline");
		RateLimiter limiter = registry().getOrCreate(policy);
		assertThat(limiter.policy()).isEqualTo(policy);
		assertThat(this.created).hasValue(1);
	}

	@Test
	void getOrCreateReturnsTheSameLimiterForAName() {
		RateLimiterRegistry registry = registry();
		RateLimiter first = registry.getOrCreate(policy("inline"));
		RateLimiter second = registry.getOrCreate(policy("inline"));
		assertThat(second).isSameAs(first);
		assertThat(this.created).hasValue(1);
	}

	@Test
	void getOrCreateReturnsAConfiguredLimiterWithoutCreatingOne() {
		RateLimiter configured = limiter("configured");
		RateLimiterRegistry registry = registry(configured);
		assertThat(registry.getOrCreate(policy("configured"))).isSameAs(configured);
		assertThat(this.created).hasValue(0);
	}

	@Test
	void getOrCreateRejectsAnotherPolicyUnderATakenName() {
		RateLimiterRegistry registry = registry(limiter("api"));
		LimitPolicy other = LimitPolicy.of("api", 99, Duration.ofSeconds(1), Algorithm.TOKEN_BUCKET);
		assertThatIllegalArgumentException().isThrownBy(() -> registry.getOrCreate(other))
			.withMessageContaining("'api'")
			.withMessageContaining(policy("api").toString())
			.withMessageContaining(other.toString());
	}

	@Test
	void differentNamesGetDifferentLimiters() {
		RateLimiterRegistry registry = registry();
		assertThat(registry.getOrCreate(policy("one"))).isNotSameAs(registry.getOrCreate(policy("two")));
	}

	@Test
	void limitersOfARegistryKeepTheirOwnState() {
		RateLimiterRegistry registry = registry();
		RateLimiter one = registry.getOrCreate(policy("one"));
		one.tryAcquire("k", 5);
		assertThat(registry.getOrCreate(policy("one")).tryAcquire("k").allowed()).isFalse();
		assertThat(registry.getOrCreate(policy("two")).tryAcquire("k").allowed()).isTrue();
	}

	@Test
	void rejectsTwoConfiguredLimitersWithOneName() {
		RateLimiter first = limiter("api");
		RateLimiter second = limiter("api");
		assertThatIllegalArgumentException().isThrownBy(() -> registry(first, second))
			.withMessageContaining("'api'");
	}

	@Test
	void rejectsNullFactory() {
		assertThatNullPointerException().isThrownBy(() -> new RateLimiterRegistry(null, List.of()))
			.withMessage("factory");
	}

	@Test
	void forEachLimiterSeesConfiguredLimitersAtOnce() {
		RateLimiter one = limiter("one");
		RateLimiter two = limiter("two");
		List<RateLimiter> seen = new ArrayList<>();
		registry(one, two).forEachLimiter(seen::add);
		assertThat(seen).containsExactlyInAnyOrder(one, two);
	}

	@Test
	void forEachLimiterSeesLimitersCreatedBeforeAndAfter() {
		RateLimiterRegistry registry = registry(limiter("configured"));
		RateLimiter before = registry.getOrCreate(policy("before"));
		List<RateLimiter> seen = new ArrayList<>();
		registry.forEachLimiter(seen::add);
		RateLimiter after = registry.getOrCreate(policy("after"));
		assertThat(seen).containsExactlyInAnyOrder(registry.find("configured").orElseThrow(), before, after);
	}

	@Test
	void listenersAreNotifiedOncePerCreation() {
		RateLimiterRegistry registry = registry();
		List<RateLimiter> seen = new ArrayList<>();
		registry.forEachLimiter(seen::add);
		RateLimiter created = registry.getOrCreate(policy("inline"));
		registry.getOrCreate(policy("inline"));
		registry.find("inline");
		assertThat(seen).containsExactly(created);
	}

	@Test
	void everyListenerIsNotified() {
		RateLimiterRegistry registry = registry();
		List<RateLimiter> first = new ArrayList<>();
		List<RateLimiter> second = new ArrayList<>();
		registry.forEachLimiter(first::add);
		registry.forEachLimiter(second::add);
		RateLimiter created = registry.getOrCreate(policy("inline"));
		assertThat(first).containsExactly(created);
		assertThat(second).containsExactly(created);
	}

	@Test
	void forEachLimiterRejectsNullListener() {
		assertThatNullPointerException().isThrownBy(() -> registry().forEachLimiter(null)).withMessage("listener");
	}

	@Test
	void allHoldsConfiguredAndCreatedLimiters() {
		RateLimiter configured = limiter("configured");
		RateLimiterRegistry registry = registry(configured);
		RateLimiter created = registry.getOrCreate(policy("inline"));
		assertThat(registry.all()).containsExactlyInAnyOrder(configured, created);
	}

	@Test
	void allCannotBeModified() {
		RateLimiterRegistry registry = registry(limiter("configured"));
		Collection<RateLimiter> all = registry.all();
		RateLimiter other = limiter("other");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> all.add(other));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(all::clear);
	}

	@Test
	void allIsASnapshot() {
		RateLimiterRegistry registry = registry(limiter("configured"));
		Collection<RateLimiter> all = registry.all();
		registry.getOrCreate(policy("inline"));
		assertThat(all).hasSize(1);
	}

	@Test
	void concurrentFirstUsesShareOneLimiterAndNotifyOnce() throws InterruptedException {
		for (int round = 0; round < 20; round++) {
			RateLimiterRegistry registry = registry();
			List<RateLimiter> notified = new CopyOnWriteArrayList<>();
			registry.forEachLimiter(notified::add);
			Set<RateLimiter> returned = ConcurrentHashMap.newKeySet();
			int threads = 8;
			CountDownLatch go = new CountDownLatch(1);
			List<Thread> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Thread worker = new Thread(() -> {
					await(go);
					returned.add(registry.getOrCreate(policy("inline")));
				});
				worker.start();
				workers.add(worker);
			}
			go.countDown();
			for (Thread worker : workers) {
				worker.join();
			}
			assertThat(returned).hasSize(1);
			assertThat(notified).containsExactlyElementsOf(returned);
			assertThat(registry.find("inline")).containsSame(returned.iterator().next());
		}
	}

	@Test
	void listenerAddedWhileALimiterIsCreatedIsNotifiedOnce() throws InterruptedException {
		RateLimiter configured = limiter("a");
		RateLimiterRegistry registry = registry(configured);
		CountDownLatch walking = new CountDownLatch(1);
		CountDownLatch createdMeanwhile = new CountDownLatch(1);
		List<RateLimiter> seen = new CopyOnWriteArrayList<>();
		// The listener pauses at "a" during forEachLimiter's walk of the map while another
		// thread creates "z" (which falls in a later bucket of the map than "a"). Whether the
		// creation waits for the walk or not, the listener must hear of "z" exactly once.
		Thread creating = new Thread(() -> registry.getOrCreate(policy("z")));
		Thread listening = new Thread(() -> registry.forEachLimiter((limiter) -> {
			seen.add(limiter);
			if (limiter == configured) {
				walking.countDown();
				awaitBriefly(createdMeanwhile);
			}
		}));
		listening.start();
		try {
			await(walking);
			creating.start();
			awaitBriefly(createdMeanwhile);
		}
		finally {
			createdMeanwhile.countDown();
			listening.join();
			creating.join();
		}
		assertThat(seen).filteredOn((limiter) -> limiter.policy().name().equals("z")).hasSize(1);
	}

	private RateLimiterRegistry registry(RateLimiter... configured) {
		return new RateLimiterRegistry(this.factory, List.of(configured));
	}

	private RateLimiter limiter(String name) {
		return RateLimiters.local(policy(name), this.clock);
	}

	private static LimitPolicy policy(String name) {
		return LimitPolicy.of(name, 5, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW);
	}

	private static void awaitBriefly(CountDownLatch latch) {
		try {
			latch.await(200, java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
