package dev.weir.spring.badapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.weir.spring.RateLimited;

/**
 * An application whose only mistake is an annotation's key expression.
 */
@SpringBootApplication
public class BadAnnotationApplication {

	@RestController
	static class BadController {

		@GetMapping("/bad")
		@RateLimited(limit = 5, window = "1m", key = "#request.getHeader('X-Api-Key'")
		String bad() {
			return "never";
		}

	}

}
