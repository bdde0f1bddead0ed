package dev.weir.spring.app;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

// Redis health is off: the Redis client is on the test class path for federation, no Redis runs here.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "weir.cluster.bind-port=0",
		"management.health.redis.enabled=false",
		"weir.limits.filtered.limit=3", "weir.limits.filtered.window=1m",
		"weir.limits.per-client.limit=2", "weir.limits.per-client.window=1m",
		"weir.rules[0].path=/filtered", "weir.rules[0].limiter=filtered",
		"weir.rules[1].path=/keyed", "weir.rules[1].methods=GET", "weir.rules[1].limiter=per-client",
		"weir.rules[1].key=#request.getHeader('X-Client')",
		"weir.rules[1].when=#request.getHeader('X-Internal') == null" })
class RateLimitingApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ManualClock clock;

	private Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void aFilterRuleAdmitsTheLimitThenAnswers429WithAProblem() {
		for (int i = 2; i >= 0; i--) {
			HttpResponse<String> response = this.http.get("/filtered");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"filtered\";q=3;w=60");
			assertThat(response.headers().firstValue("RateLimit")).hasValue("\"filtered\";r=" + i + ";t=" + secondsToMinuteEnd());
		}
		HttpResponse<String> denied = this.http.get("/filtered");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(denied.headers().firstValue("Retry-After")).hasValue(Long.toString(secondsToMinuteEnd()));
		assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"filtered\";r=0;t=" + secondsToMinuteEnd());
		assertThat(denied.body()).contains("\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"")
			.contains("\"status\":429")
			.contains("\"instance\":\"/filtered\"")
			.contains("\"violated-policies\":[\"filtered\"]");
	}

	@Test
	void aRuleKeyGivesEachClientItsOwnBudget() {
		assertThat(statuses("/keyed", 3, "X-Client", "alice")).containsExactly(200, 200, 429);
		assertThat(statuses("/keyed", 2, "X-Client", "bob")).containsExactly(200, 200);
	}

	@Test
	void aRuleWhoseConditionIsFalseDoesNotApply() {
		assertThat(statuses("/keyed", 5, "X-Client", "carol", "X-Internal", "yes")).containsOnly(200);
		HttpResponse<String> response = this.http.get("/keyed", "X-Client", "carol", "X-Internal", "yes");
		assertThat(response.headers().firstValue("RateLimit")).isEmpty();
	}

	@Test
	void anAnnotationKeyedByAMethodArgumentLimitsEachUser() {
		assertThat(statuses("/users/ann/orders", 3)).containsExactly(200, 200, 429);
		assertThat(statuses("/users/ben/orders", 1)).containsExactly(200);
		HttpResponse<String> denied = this.http.get("/users/ann/orders");
		assertThat(denied.body()).contains("\"violated-policies\":[\"user-orders\"]");
		assertThat(denied.headers().firstValue("Retry-After")).hasValue(Long.toString(secondsToMinuteEnd()));
	}

	@Test
	void anAnnotationKeyCanFallBackFromThePrincipalToAHeader() {
		assertThat(statuses("/principal", 2, "X-Client", "dora")).containsExactly(200, 429);
		assertThat(statuses("/principal", 1, "X-Client", "eve")).containsExactly(200);
	}

	@Test
	void repeatedAnnotationsAreAllEnforcedAndAllReported() {
		HttpResponse<String> first = this.http.get("/reports");
		assertThat(first.headers().allValues("RateLimit-Policy")).containsExactly(
				"\"reports-per-second\";q=2;w=1", "\"reports-per-minute\";q=3;w=60");
		assertThat(this.http.get("/reports").statusCode()).isEqualTo(200);
		HttpResponse<String> perSecond = this.http.get("/reports");
		assertThat(perSecond.statusCode()).isEqualTo(429);
		assertThat(perSecond.body()).contains("\"violated-policies\":[\"reports-per-second\"]");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.http.get("/reports").statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> perMinute = this.http.get("/reports");
		assertThat(perMinute.statusCode()).isEqualTo(429);
		assertThat(perMinute.body()).contains("\"violated-policies\":[\"reports-per-minute\"]");
	}

	@Test
	void aCatchAllExceptionHandlerDoesNotTurnADenialIntoAnError() {
		assertThat(this.http.get("/guarded").statusCode()).isEqualTo(500);
		HttpResponse<String> denied = this.http.get("/guarded");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).doesNotContain("caught");
	}

	@Test
	void healthAndReadinessAreServedOnTheServerPort() {
		assertThat(this.http.get("/health").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/ready").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/ready").body()).contains("\"status\":\"UP\"");
	}

	@Test
	void requestsNoRuleMatchesCarryNoRateLimitFields() {
		HttpResponse<String> response = this.http.get("/health");
		assertThat(response.headers().firstValue("RateLimit")).isEmpty();
	}

	private long secondsToMinuteEnd() {
		long intoWindow = Math.floorMod(this.clock.wallTimeMillis(), 60_000L);
		return (60_000L - intoWindow + 999) / 1000;
	}

	private java.util.List<Integer> statuses(String path, int requests, String... headers) {
		java.util.List<Integer> statuses = new java.util.ArrayList<>();
		for (int i = 0; i < requests; i++) {
			statuses.add(this.http.get(path, headers).statusCode());
		}
		return statuses;
	}

}
