package dev.weir.spring.limit;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import dev.weir.spring.RateLimitExceededException;

/**
 * Answers a {@link RateLimitExceededException} from a handler with 429, ahead of the
 * application's own exception handlers, so that a catch-all {@code @ExceptionHandler} cannot
 * turn a denial into a 500.
 */
final class RateLimitExceededExceptionResolver implements HandlerExceptionResolver, Ordered {

	private final RateLimitResponses responses;

	RateLimitExceededExceptionResolver(RateLimitResponses responses) {
		this.responses = responses;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!(ex instanceof RateLimitExceededException denial)) {
			return null;
		}
		try {
			this.responses.writeDenial(request, response, denial.getPolicy(), denial.getDecision());
		}
		catch (IOException io) {
			return null;
		}
		return new ModelAndView();
	}

}
