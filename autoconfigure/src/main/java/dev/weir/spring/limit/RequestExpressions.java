package dev.weir.spring.limit;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

import dev.weir.spring.InvalidWeirPropertyException;

/**
 * Parses and evaluates the SpEL expressions of keys and conditions.
 *
 * <p>Expressions see {@code #request} (the {@link HttpServletRequest}), {@code #principal}
 * (the authenticated {@link Principal}, or {@code null}), {@code #remoteAddress} (the client's
 * address as the container reports it) and {@code #path}, plus, for {@code @RateLimited}, the
 * method's arguments by name. They are evaluated in a read-only context that allows instance
 * methods but no type references or constructors, so an expression cannot reach beyond the
 * request.
 */
final class RequestExpressions {

	private static final ExpressionParser PARSER = new SpelExpressionParser();

	private RequestExpressions() {
	}

	/**
	 * Parses an expression at startup, naming the property if it does not parse.
	 * @return the expression, or {@code null} if the text is empty
	 */
	static @Nullable Expression parse(String property, @Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return PARSER.parseExpression(text);
		}
		catch (ParseException ex) {
			throw new InvalidWeirPropertyException(property, text, "not a valid SpEL expression: " + ex.getMessage(),
					"Fix the expression in " + property
							+ ", for example #remoteAddress, #principal?.name or #request.getHeader('X-Api-Key').",
					ex);
		}
	}

	static SimpleEvaluationContext context(HttpServletRequest request) {
		SimpleEvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding().withInstanceMethods().build();
		context.setVariable("request", request);
		context.setVariable("principal", request.getUserPrincipal());
		context.setVariable("remoteAddress", request.getRemoteAddr());
		context.setVariable("path", request.getRequestURI());
		return context;
	}

	/**
	 * Evaluates a key expression; {@code null} means the rule's shared key.
	 */
	static String key(@Nullable Expression expression, @Nullable EvaluationContext context, String source) {
		if (expression == null) {
			return SHARED_KEY;
		}
		try {
			return String.valueOf(expression.getValue(context));
		}
		catch (EvaluationException ex) {
			throw new IllegalStateException("Weir could not evaluate the key " + source + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Evaluates a condition; {@code null} means always.
	 */
	static boolean test(@Nullable Expression expression, @Nullable EvaluationContext context, String source) {
		if (expression == null) {
			return true;
		}
		try {
			return Boolean.TRUE.equals(expression.getValue(context, Boolean.class));
		}
		catch (EvaluationException ex) {
			throw new IllegalStateException("Weir could not evaluate the condition " + source + ": " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * The key of a rule or annotation without a key expression: one budget for everyone.
	 */
	static final String SHARED_KEY = "*";

}
