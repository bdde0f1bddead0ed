package dev.weir.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.weir.limit.Algorithm;

/**
 * Limits how often a method, typically a controller's handler method, may be called.
 *
 * <p>Name a limiter configured under {@code weir.limits.<name>}, or give an inline
 * {@link #limit()} and {@link #window()}. The {@link #key()} expression chooses whose budget a
 * call spends: it sees {@code #request}, {@code #principal}, {@code #remoteAddress} and the
 * method's arguments by name ({@code #userId}). Repeat the annotation to apply several limits;
 * a call must pass all of them, in order, and stops at the first denial.
 *
 * <p>A denied call does not run; within a web request the client gets 429 with a problem body,
 * {@code Retry-After} and the RateLimit fields. Outside a web request, the caller gets a
 * {@link RateLimitExceededException}. Every expression and limit is checked when the
 * application starts.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(RateLimited.List.class)
public @interface RateLimited {

	/**
	 * Alias for {@link #limiter()}.
	 * @return the limiter's name
	 */
	String value() default "";

	/**
	 * Name of a limiter configured under {@code weir.limits}. With an inline {@link #limit()},
	 * the name of the inline limiter instead (by default the method's class and name).
	 * @return the limiter's name
	 */
	String limiter() default "";

	/**
	 * Inline limit: permits per {@link #window()} for each key. Zero means use the named
	 * limiter.
	 * @return the inline limit
	 */
	long limit() default 0;

	/**
	 * Inline window, as a Spring Boot duration such as {@code 1s}, {@code 500ms} or
	 * {@code 1m}; used with {@link #limit()}.
	 * @return the inline window
	 */
	String window() default "1s";

	/**
	 * Inline algorithm; used with {@link #limit()}.
	 * @return the inline algorithm
	 */
	Algorithm algorithm() default Algorithm.FIXED_WINDOW;

	/**
	 * SpEL expression for the key whose budget a call spends. Empty means one key for every
	 * call.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * How many permits a call takes.
	 * @return the permits
	 */
	long permits() default 1;

	/**
	 * Holds repeated {@link RateLimited} annotations.
	 */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@interface List {

		/**
		 * The repeated annotations.
		 * @return the annotations
		 */
		RateLimited[] value();

	}

}
