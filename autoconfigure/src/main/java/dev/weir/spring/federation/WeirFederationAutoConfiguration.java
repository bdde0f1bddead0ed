package dev.weir.spring.federation;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.weir.federation.FederationConfig;
import dev.weir.federation.GlobalCoordinator;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.federation.jdbc.JdbcCoordinator;
import dev.weir.spring.federation.redis.RedisCoordinator;
import dev.weir.spring.federation.redis.RedisRegionalEscrow;
import dev.weir.time.Clock;

/**
 * Auto-configuration of Weir's federation when {@code weir.federation.coordinator} is set: the
 * Redis or PostgreSQL coordinator over the application's own {@code spring.data.redis.*} or
 * {@code spring.datasource.*} connection, and the factory of federated limiters.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "weir.enabled", matchIfMissing = true)
@ConditionalOnProperty("weir.federation.coordinator")
@EnableConfigurationProperties(WeirFederationProperties.class)
public final class WeirFederationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FederatedLimiters weirFederatedLimiters(WeirFederationProperties properties,
			ObjectProvider<GlobalCoordinator> coordinator, ObjectProvider<RegionalEscrows> regional,
			ObjectProvider<Clock> clock) {
		FederationConfig config = FederationConfigs.from(properties);
		GlobalCoordinator found = coordinator.getIfAvailable();
		if (found == null) {
			String name = String.valueOf(properties.getCoordinator()).toLowerCase();
			throw new InvalidWeirPropertyException("weir.federation.coordinator", name,
					"the " + name + " coordinator's library is not on the class path",
					(properties.getCoordinator() == WeirFederationProperties.Coordinator.REDIS)
							? "Add spring-boot-starter-data-redis to the application, or set weir.federation.coordinator to jdbc."
							: "Add spring-boot-starter-jdbc and the PostgreSQL driver, or set weir.federation.coordinator to redis.");
		}
		RegionalEscrows escrows = regional.getIfAvailable();
		if (properties.isRegionalEscrow() && escrows == null) {
			throw new InvalidWeirPropertyException("weir.federation.regional-escrow", "true",
					"the regional escrow lives in Redis, and no Redis connection is available",
					"Add spring-boot-starter-data-redis and set spring.data.redis.*, or set weir.federation.regional-escrow to false.");
		}
		return new FederatedLimiters(config, found, escrows, clock.getIfAvailable(Clock::system),
				properties.getIdleGiveBack(), properties.getQuietGiveBack(), properties.isPrefetch());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	static class RedisConfiguration {

		@Bean
		@ConditionalOnMissingBean(GlobalCoordinator.class)
		@ConditionalOnProperty(name = "weir.federation.coordinator", havingValue = "redis")
		RedisCoordinator weirRedisCoordinator(ObjectProvider<RedisConnectionFactory> connections,
				WeirFederationProperties properties) {
			return new RedisCoordinator(template(connections, "weir.federation.coordinator", "redis"),
					properties.getQuarantineMargin());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty("weir.federation.regional-escrow")
		RegionalEscrows weirRedisRegionalEscrows(ObjectProvider<RedisConnectionFactory> connections,
				WeirFederationProperties properties) {
			StringRedisTemplate redis = template(connections, "weir.federation.regional-escrow", "true");
			String region = FederationConfigs.region(properties);
			return (policy) -> new RedisRegionalEscrow(redis, region, policy.window().toMillis());
		}

		private static StringRedisTemplate template(ObjectProvider<RedisConnectionFactory> connections, String property,
				String value) {
			RedisConnectionFactory connection = connections.getIfAvailable();
			if (connection == null) {
				throw new InvalidWeirPropertyException(property, value, "no Redis connection is configured",
						"Set spring.data.redis.host and spring.data.redis.port (or spring.data.redis.url) so that "
								+ "Spring Boot creates a Redis connection.");
			}
			return new StringRedisTemplate(connection);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
	static class JdbcConfiguration {

		@Bean
		@ConditionalOnMissingBean(GlobalCoordinator.class)
		@ConditionalOnProperty(name = "weir.federation.coordinator", havingValue = "jdbc")
		JdbcCoordinator weirJdbcCoordinator(ObjectProvider<DataSource> dataSource, WeirFederationProperties properties) {
			DataSource found = dataSource.getIfAvailable();
			if (found == null) {
				throw new InvalidWeirPropertyException("weir.federation.coordinator", "jdbc",
						"no DataSource is configured",
						"Set spring.datasource.url (a PostgreSQL URL such as jdbc:postgresql://host:5432/db), "
								+ "spring.datasource.username and spring.datasource.password.");
			}
			return new JdbcCoordinator(found, properties.getQuarantineMargin());
		}

	}

	static String randomInstance() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
