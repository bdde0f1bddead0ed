package dev.weir.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import dev.weir.time.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a user runs it, with {@code demo} lowered on the "command line" and the clock
 * frozen mid-window so that no window ends during the test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "weir.limits.demo.limit=3", "weir.cluster.bind-port=0" })
class SampleApplicationTests {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void theDemoEndpointIsLimitedForTheWholeServiceByTheDemoLimiter() throws Exception {
		for (int remaining = 2; remaining >= 0; remaining--) {
			HttpResponse<String> response = send(get("/api/demo", "X-Forwarded-For", "ignored"));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().allValues("RateLimit")).contains("\"demo\";r=" + remaining + ";t=30");
		}
		HttpResponse<String> denied = send(get("/api/demo"));
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(denied.headers().allValues("RateLimit-Policy")).contains("\"demo\";q=3;w=60");
		assertThat(denied.body()).contains("\"violated-policies\":[\"demo\"]");
	}

	@Test
	void eachUserMayPlaceFiveOrdersPerMinute() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(send(order("olga")).statusCode()).isEqualTo(201);
		}
		HttpResponse<String> denied = send(order("olga"));
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains("\"violated-policies\":[\"orders\"]");
		assertThat(send(order("piotr")).statusCode()).isEqualTo(201);
	}

	@Test
	void livenessAndReadinessAnswerOnTheServerPort() throws Exception {
		assertThat(send(get("/health")).statusCode()).isEqualTo(200);
		assertThat(send(get("/ready")).statusCode()).isEqualTo(200);
	}

	@Test
	void theWeirEndpointListsThisNodeAlive() throws Exception {
		HttpResponse<String> response = send(get("/actuator/weir"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"alive\"").contains("\"lamportTimes\"");
	}

	private HttpRequest get(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder.build();
	}

	private HttpRequest order(String user) {
		return HttpRequest.newBuilder(uri("/api/orders"))
			.header("Content-Type", "application/json")
			.header("X-User-Id", user)
			.POST(BodyPublishers.ofString("{\"item\":\"kayak\",\"quantity\":1}"))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return CLIENT.send(request, BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FrozenClock {

		/**
		 * 30 seconds into a minute.
		 */
		@Bean
		ManualClock weirClock() {
			return new ManualClock(1_700_000_010_000L);
		}

	}

}
