package dev.weir.sample;

import java.time.Instant;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/demo}, limited for the whole service by the filter rule on the {@code demo}
 * limiter (see application.yml), so that {@code --weir.limits.demo.limit}, {@code .window}
 * and {@code .scope} change it from the command line.
 */
@RestController
class DemoController {

	@GetMapping("/api/demo")
	Map<String, Object> demo() {
		return Map.of("message", "Hello from Weir", "time", Instant.now().toString());
	}

}
