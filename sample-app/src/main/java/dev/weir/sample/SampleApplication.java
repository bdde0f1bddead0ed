package dev.weir.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small ordering service that shows Weir: a filter rule per client address, a whole-service
 * limit on {@code /api/demo}, {@code @RateLimited} with a per-user key, and the health probes.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
