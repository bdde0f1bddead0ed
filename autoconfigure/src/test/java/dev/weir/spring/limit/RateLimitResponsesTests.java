package dev.weir.spring.limit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.weir.limit.Algorithm;
import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitResponsesTests {

	private static final long SECOND = 1_000_000_000L;

	private final LimitPolicy policy = LimitPolicy.of("demo", 10, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW);

	private final RateLimitResponses responses = new RateLimitResponses(true);

	@Test
	void anAllowedResponseCarriesThePolicyAndTheRemainingQuota() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.responses.addHeaders(response, this.policy, Decision.allowed(10, 7, 42 * SECOND));
		assertThat(response.getHeader("RateLimit-Policy")).isEqualTo("\"demo\";q=10;w=60");
		assertThat(response.getHeader("RateLimit")).isEqualTo("\"demo\";r=7;t=42");
	}

	@Test
	void secondsAreRoundedUpSoThatAClientIsNeverEarly() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		LimitPolicy subSecond = LimitPolicy.of("burst", 3, Duration.ofMillis(1500), Algorithm.FIXED_WINDOW);
		this.responses.addHeaders(response, subSecond, Decision.allowed(3, 2, SECOND / 10));
		assertThat(response.getHeader("RateLimit-Policy")).isEqualTo("\"burst\";q=3;w=2");
		assertThat(response.getHeader("RateLimit")).isEqualTo("\"burst\";r=2;t=1");
	}

	@Test
	void eachPolicyIsItsOwnFieldLine() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.responses.addHeaders(response, this.policy, Decision.allowed(10, 7, 42 * SECOND));
		this.responses.addHeaders(response,
				LimitPolicy.of("per-user", 2, Duration.ofSeconds(1), Algorithm.TOKEN_BUCKET),
				Decision.allowed(2, 1, SECOND / 2));
		assertThat(response.getHeaders("RateLimit")).containsExactly("\"demo\";r=7;t=42", "\"per-user\";r=1;t=1");
	}

	@Test
	void fieldsAreLeftOutWhenHidden() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new RateLimitResponses(false).addHeaders(response, this.policy, Decision.allowed(10, 7, 42 * SECOND));
		assertThat(response.getHeaderNames()).isEmpty();
	}

	@Test
	void aDenialIsAProblemOfTheQuotaExceededType() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/demo");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.responses.writeDenial(request, response, this.policy, Decision.denied(10, 0, 30 * SECOND, 30 * SECOND));
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
		assertThat(response.getHeader("RateLimit")).isEqualTo("\"demo\";r=0;t=30");
		assertThat(response.getContentAsString()).isEqualTo("{\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\","
				+ "\"title\":\"Request cannot be satisfied as assigned quota has been exceeded\",\"status\":429,"
				+ "\"detail\":\"Rate limit 'demo' of 10 per 60 s exceeded; retry after 30 s.\","
				+ "\"instance\":\"/api/demo\",\"violated-policies\":[\"demo\"]}");
	}

	@Test
	void aDenialStillCarriesRetryAfterWhenTheRateLimitFieldsAreHidden() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new RateLimitResponses(false).writeDenial(new MockHttpServletRequest("GET", "/x"), response, this.policy,
				Decision.denied(10, 0, SECOND, SECOND));
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getHeader("RateLimit")).isNull();
	}

	@Test
	void aCommittedResponseIsLeftAlone() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(200);
		response.flushBuffer();
		this.responses.writeDenial(new MockHttpServletRequest("GET", "/x"), response, this.policy,
				Decision.denied(10, 0, SECOND, SECOND));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Retry-After")).isNull();
	}

	@Test
	void jsonStringsInTheProblemAreEscaped() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/a\"b\\c\n");
		String problem = RateLimitResponses.problem(request, this.policy, Decision.denied(10, 0, SECOND, SECOND));
		assertThat(problem).contains("\"instance\":\"/a\\\"b\\\\c\\n\"");
	}

	@Test
	void policyNamesAreStructuredFieldStrings() {
		assertThat(RateLimitResponses.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
		assertThat(RateLimitResponses.quote("ünï")).isEqualTo("\"?n?\"");
	}

}
