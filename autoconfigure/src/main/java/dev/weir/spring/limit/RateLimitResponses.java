package dev.weir.spring.limit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;

/**
 * Writes what a client learns of a decision: the RateLimit fields of
 * draft-ietf-httpapi-ratelimit-headers-11 on every response, and for a denial a 429 with
 * {@code Retry-After} and an RFC 9457 problem body of the draft's quota-exceeded type.
 *
 * <p>Each policy is one member of the {@code RateLimit-Policy} and {@code RateLimit} lists,
 * added as its own field line, so a request limited by a filter rule and an annotation reports
 * both. Seconds are rounded up: a client that waits {@code t} or {@code Retry-After} seconds is
 * never early.
 */
final class RateLimitResponses {

	static final String PROBLEM_TYPE = "https://iana.org/assignments/http-problem-types#quota-exceeded";

	static final String PROBLEM_TITLE = "Request cannot be satisfied as assigned quota has been exceeded";

	static final String PROBLEM_JSON = "application/problem+json";

	private static final int TOO_MANY_REQUESTS = 429;

	private final boolean rateLimitHeaders;

	RateLimitResponses(boolean rateLimitHeaders) {
		this.rateLimitHeaders = rateLimitHeaders;
	}

	/**
	 * Adds the RateLimit fields of one decision.
	 */
	void addHeaders(HttpServletResponse response, LimitPolicy policy, Decision decision) {
		if (!this.rateLimitHeaders || response.isCommitted()) {
			return;
		}
		String name = quote(policy.name());
		long windowSeconds = Math.max(1, -Math.floorDiv(-policy.window().toMillis(), 1000));
		response.addHeader("RateLimit-Policy", name + ";q=" + policy.limit() + ";w=" + windowSeconds);
		response.addHeader("RateLimit", name + ";r=" + decision.remaining() + ";t=" + decision.resetAfterSeconds());
	}

	/**
	 * Answers a denied request with 429, unless the response is already committed.
	 */
	void writeDenial(HttpServletRequest request, HttpServletResponse response, LimitPolicy policy, Decision decision)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		addHeaders(response, policy, decision);
		response.setStatus(TOO_MANY_REQUESTS);
		response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
		response.setContentType(PROBLEM_JSON);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		byte[] body = problem(request, policy, decision).getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	static String problem(HttpServletRequest request, LimitPolicy policy, Decision decision) {
		String detail = "Rate limit '" + policy.name() + "' of " + policy.limit() + " per " + format(policy)
				+ " exceeded; retry after " + decision.retryAfterSeconds() + " s.";
		StringBuilder json = new StringBuilder(256);
		json.append('{');
		member(json, "type", PROBLEM_TYPE).append(',');
		member(json, "title", PROBLEM_TITLE).append(',');
		json.append("\"status\":").append(TOO_MANY_REQUESTS).append(',');
		member(json, "detail", detail).append(',');
		member(json, "instance", request.getRequestURI()).append(',');
		json.append("\"violated-policies\":[");
		string(json, policy.name()).append("]}");
		return json.toString();
	}

	private static String format(LimitPolicy policy) {
		long millis = policy.window().toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + " s" : millis + " ms";
	}

	private static StringBuilder member(StringBuilder json, String name, String value) {
		string(json, name).append(':');
		return string(json, value);
	}

	/**
	 * Appends a JSON string, escaping what RFC 8259 requires.
	 */
	private static StringBuilder string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

	/**
	 * Renders a policy name as a structured-field string (RFC 9651): printable ASCII, with
	 * {@code "} and {@code \} escaped; anything else becomes {@code ?}.
	 */
	static String quote(String name) {
		StringBuilder quoted = new StringBuilder(name.length() + 2).append('"');
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20 || c > 0x7e) {
				quoted.append('?');
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

}
