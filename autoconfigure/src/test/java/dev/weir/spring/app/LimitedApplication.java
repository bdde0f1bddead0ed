package dev.weir.spring.app;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.weir.spring.RateLimited;
import dev.weir.time.ManualClock;

/**
 * A small application under test, on a virtual clock: 20 seconds into a minute, so that
 * windows of a minute end in exactly 40 seconds.
 */
@SpringBootApplication
class LimitedApplication {

	static final long START_MILLIS = 1_700_000_000_000L;

	@Bean
	ManualClock weirClock() {
		return new ManualClock(START_MILLIS);
	}

	@RestController
	static class LimitedController {

		@GetMapping("/filtered")
		String filtered() {
			return "filtered";
		}

		@GetMapping("/keyed")
		String keyed() {
			return "keyed";
		}

		@GetMapping("/users/{userId}/orders")
		@RateLimited(limiter = "user-orders", limit = 2, window = "1m", key = "#userId")
		Map<String, String> orders(@PathVariable String userId) {
			return Map.of("user", userId);
		}

		@GetMapping("/reports")
		@RateLimited(limiter = "reports-per-second", limit = 2, window = "1s")
		@RateLimited(limiter = "reports-per-minute", limit = 3, window = "1m")
		String reports() {
			return "report";
		}

		@GetMapping("/principal")
		@RateLimited(limiter = "by-client", limit = 1, window = "1m",
				key = "#principal?.name ?: #request.getHeader('X-Client')")
		String byClient() {
			return "client";
		}

		@GetMapping("/guarded")
		@RateLimited(limit = 1, window = "1m")
		String guarded() {
			throw new IllegalStateException("the handler ran");
		}

	}

	@RestControllerAdvice
	static class CatchAllAdvice {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> anything(Exception ex) {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("caught " + ex.getClass().getSimpleName());
		}

	}

}
