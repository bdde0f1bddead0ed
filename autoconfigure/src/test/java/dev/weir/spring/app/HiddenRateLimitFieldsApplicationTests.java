package dev.weir.spring.app;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "weir.cluster.bind-port=0", "weir.http.rate-limit-headers=false", "weir.limits.filtered.limit=1",
				"weir.rules[0].path=/filtered", "weir.rules[0].limiter=filtered" })
class HiddenRateLimitFieldsApplicationTests {

	@LocalServerPort
	private int port;

	@Test
	void allowedAndDeniedResponsesCarryNoRateLimitFieldsButADenialKeepsRetryAfter() {
		Http http = new Http(this.port);
		HttpResponse<String> allowed = http.get("/filtered");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().map()).doesNotContainKeys("ratelimit", "ratelimit-policy");
		HttpResponse<String> denied = http.get("/filtered");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().map()).doesNotContainKeys("ratelimit", "ratelimit-policy");
		assertThat(denied.headers().firstValue("Retry-After")).isPresent();
	}

}
