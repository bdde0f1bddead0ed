package dev.weir.spring.federation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.weir.federation.FederatedRateLimiter;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.federation.InMemoryCoordinator;
import dev.weir.limit.RateLimiterRegistry;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.actuate.FederationHealthIndicator;
import dev.weir.spring.actuate.FederationMeterBinder;
import dev.weir.spring.actuate.WeirFederationHealthAutoConfiguration;
import dev.weir.spring.actuate.WeirMetricsAutoConfiguration;
import dev.weir.spring.federation.redis.RedisCoordinator;
import dev.weir.spring.limit.WeirRateLimitAutoConfiguration;
import dev.weir.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class WeirFederationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WeirRateLimitAutoConfiguration.class,
				WeirFederationAutoConfiguration.class))
		.withPropertyValues("weir.limits.demo.limit=10", "weir.limits.demo.scope=federated");

	private final InMemoryCoordinator coordinator = new InMemoryCoordinator(Clock.system());

	@Test
	void runWithoutCoordinatorPropertyShouldNotCreateFederation() {
		this.runner.withPropertyValues("weir.limits.demo.scope=local")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FederatedLimiters.class));
	}

	@Test
	void runWithFederatedLimiterButNoCoordinatorShouldFailNamingTheCoordinatorProperty() {
		this.runner.run((context) -> assertFailureNames(context.getStartupFailure(), "weir.federation.coordinator"));
	}

	@Test
	void runWithoutRegionShouldFailNamingTheRegionProperty() {
		this.runner.withPropertyValues("weir.federation.coordinator=redis")
			.withBean(GlobalCoordinator.class, () -> this.coordinator)
			.run((context) -> assertFailureNames(context.getStartupFailure(), "weir.federation.region"));
	}

	@Test
	void runWithACoordinatorShouldMakeTheLimiterFederated() {
		this.runner.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu",
				"weir.federation.batch=4")
			.withBean(GlobalCoordinator.class, () -> this.coordinator)
			.run((context) -> {
				RateLimiterRegistry registry = context.getBean(RateLimiterRegistry.class);
				assertThat(registry.find("demo")).get().isInstanceOf(FederatedRateLimiter.class);
				FederatedRateLimiter limiter = (FederatedRateLimiter) registry.find("demo").get();
				assertThat(limiter.config().batch()).isEqualTo(4);
				assertThat(limiter.tryAcquire("k").allowed()).isTrue();
			});
	}

	@Test
	void runWithRedisCoordinatorShouldUseBootsRedisConnection() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisCoordinator.class));
	}

	@Test
	void runWithRedisCoordinatorButNoRedisLibraryShouldFailNamingTheCoordinatorProperty() {
		this.runner.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
			.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu")
			.run((context) -> assertFailureNames(context.getStartupFailure(), "weir.federation.coordinator"));
	}

	@Test
	void runWithJdbcCoordinatorButNoDataSourceShouldFailNamingTheCoordinatorProperty() {
		this.runner.withPropertyValues("weir.federation.coordinator=jdbc", "weir.federation.region=eu")
			.run((context) -> assertFailureNames(context.getStartupFailure(), "weir.federation.coordinator"));
	}

	@Test
	void runWithANegativeBatchShouldFailNamingTheBatchProperty() {
		this.runner.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu",
				"weir.federation.batch=0")
			.withBean(GlobalCoordinator.class, () -> this.coordinator)
			.run((context) -> assertFailureNames(context.getStartupFailure(), "weir.federation.batch"));
	}

	@Test
	void runWithQuietGiveBackAboveIdleGiveBackShouldFailNamingTheQuietProperty() {
		this.runner.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu",
				"weir.federation.quiet-give-back=1s", "weir.federation.idle-give-back=500ms")
			.withBean(GlobalCoordinator.class, () -> this.coordinator)
			.run((context) -> assertFailureNames(context.getStartupFailure(), "weir.federation.quiet-give-back"));
	}

	@Test
	void runWithANegativeIdleGiveBackShouldFailNamingTheIdleProperty() {
		this.runner.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu",
				"weir.federation.idle-give-back=-1s")
			.withBean(GlobalCoordinator.class, () -> this.coordinator)
			.run((context) -> assertFailureNames(context.getStartupFailure(), "weir.federation.idle-give-back"));
	}

	@Test
	void aBusyKeyThatStopsGivesItsPermitsBackLongBeforeIdleGiveBack() {
		this.runner.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu",
				"weir.federation.batch=4", "weir.federation.idle-give-back=1m", "weir.limits.demo.window=1m")
			.withBean(GlobalCoordinator.class, () -> this.coordinator)
			.run((context) -> {
				FederatedRateLimiter limiter = (FederatedRateLimiter) context.getBean(RateLimiterRegistry.class)
					.find("demo")
					.get();
				for (int i = 0; i < 3; i++) {
					limiter.tryAcquire("k");
				}
				long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
				while (limiter.stats().returnedUnits() == 0 && System.nanoTime() < deadline) {
					Thread.sleep(5);
				}
				assertThat(limiter.stats().returnedUnits()).isEqualTo(1);
				assertThat(limiter.heldUnits("k")).isZero();
			});
	}

	@Test
	void aBusyKeyLeasesAheadOnABackgroundThreadByDefault() {
		this.runner.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu",
				"weir.limits.demo.window=1m", "weir.limits.demo.limit=100000")
			.withBean(GlobalCoordinator.class, () -> new SleepingCoordinator(this.coordinator))
			.run((context) -> assertThat(spendAll(context)).isPositive());
	}

	@Test
	void runWithPrefetchOffLeasesOnlyOnDemand() {
		this.runner.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu",
				"weir.limits.demo.window=1m", "weir.limits.demo.limit=100000", "weir.federation.prefetch=false")
			.withBean(GlobalCoordinator.class, () -> new SleepingCoordinator(this.coordinator))
			.run((context) -> assertThat(spendAll(context)).isZero());
	}

	/**
	 * Sends 50 requests from each of 8 threads started together, so that requests come while a
	 * lease is out; returns the limiter's prefetch count.
	 */
	private static long spendAll(AssertableApplicationContext context) throws InterruptedException {
		FederatedRateLimiter limiter = (FederatedRateLimiter) context.getBean(RateLimiterRegistry.class)
			.find("demo")
			.get();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			Thread thread = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				for (int i = 0; i < 50; i++) {
					limiter.tryAcquire("k");
				}
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		return limiter.stats().prefetches();
	}

	@Test
	void healthIsDegradedAndErrorsAreCountedWhileTheCoordinatorIsDown() {
		this.runner
			.withConfiguration(AutoConfigurations.of(WeirMetricsAutoConfiguration.class,
					WeirFederationHealthAutoConfiguration.class))
			.withPropertyValues("weir.federation.coordinator=redis", "weir.federation.region=eu")
			.withBean(GlobalCoordinator.class, () -> this.coordinator)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(FederationMeterBinder.class);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				context.getBean(FederationMeterBinder.class).bindTo(meters);
				this.coordinator.setAvailable(false);
				context.getBean(RateLimiterRegistry.class).find("demo").get().tryAcquire("k");
				FederationHealthIndicator health = context.getBean(FederationHealthIndicator.class);
				assertThat(health.health(true).getStatus()).isEqualTo(FederationHealthIndicator.DEGRADED);
				assertThat(meters.get("weir.federation.coordinator.errors").tag("kind", "unavailable")
					.functionCounter().count()).isEqualTo(1);
				this.coordinator.setAvailable(true);
				((FederatedRateLimiter) context.getBean(RateLimiterRegistry.class).find("demo").get()).probe(true);
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			});
	}

	private static void assertFailureNames(Throwable failure, String property) {
		assertThat(failure).isNotNull();
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidWeirPropertyException)) {
			cause = cause.getCause();
		}
		assertThat(cause).isInstanceOfSatisfying(InvalidWeirPropertyException.class,
				(ex) -> assertThat(ex.getProperty()).isEqualTo(property));
	}

}
