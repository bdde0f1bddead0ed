package dev.weir.spring.limit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.weir.limit.Decision;
import dev.weir.limit.LimitPolicy;
import dev.weir.limit.RateLimiter;
import dev.weir.limit.RateLimiterRegistry;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.RateLimitExceededException;
import dev.weir.spring.RateLimited;

/**
 * Enforces {@link RateLimited} around a method call: spends the permits of each annotation in
 * order, adds the RateLimit fields to the current response, and throws
 * {@link RateLimitExceededException} at the first denial, before the method runs.
 *
 * <p>Annotations are compiled once per method, when the bean that declares them is created, so
 * that a bad limiter name, window or key expression stops the application at startup.
 */
final class RateLimitedMethodInterceptor implements MethodInterceptor {

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final Supplier<RateLimiterRegistry> registry;

	private final Supplier<RateLimitResponses> responses;

	private final Map<Method, List<CompiledLimit>> compiled = new ConcurrentHashMap<>();

	RateLimitedMethodInterceptor(Supplier<RateLimiterRegistry> registry, Supplier<RateLimitResponses> responses) {
		this.registry = registry;
		this.responses = responses;
	}

	static boolean isAnnotated(Method method) {
		return MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).isPresent(RateLimited.class);
	}

	/**
	 * Compiles every annotated method of a class, failing fast on the first bad one.
	 */
	void compileAll(Class<?> type) {
		ReflectionUtils.doWithMethods(type, this::limitsOf, RateLimitedMethodInterceptor::isAnnotated);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		if (invocation.getThis() != null) {
			method = AopUtils.getMostSpecificMethod(method, invocation.getThis().getClass());
		}
		List<CompiledLimit> limits = limitsOf(method);
		if (!limits.isEmpty()) {
			enforce(limits, method, invocation.getArguments());
		}
		return invocation.proceed();
	}

	private void enforce(List<CompiledLimit> limits, Method method, @Nullable Object[] arguments) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		HttpServletRequest request = null;
		HttpServletResponse response = null;
		if (attributes instanceof ServletRequestAttributes servlet) {
			request = servlet.getRequest();
			response = servlet.getResponse();
		}
		SimpleEvaluationContext context = null;
		for (CompiledLimit limit : limits) {
			if (limit.key() != null && context == null) {
				context = context(request, method, arguments);
			}
			String key = RequestExpressions.key(limit.key(), context, limit.source() + " key");
			Decision decision = limit.limiter().tryAcquire(key, limit.permits());
			if (!decision.allowed()) {
				throw new RateLimitExceededException(limit.limiter().policy(), decision);
			}
			if (response != null) {
				this.responses.get().addHeaders(response, limit.limiter().policy(), decision);
			}
		}
	}

	private static SimpleEvaluationContext context(@Nullable HttpServletRequest request, Method method,
			@Nullable Object[] arguments) {
		SimpleEvaluationContext context = (request != null) ? RequestExpressions.context(request)
				: SimpleEvaluationContext.forReadOnlyDataBinding().withInstanceMethods().build();
		String[] names = PARAMETER_NAMES.getParameterNames(method);
		if (names != null) {
			for (int i = 0; i < names.length && i < arguments.length; i++) {
				context.setVariable(names[i], arguments[i]);
			}
		}
		return context;
	}

	private List<CompiledLimit> limitsOf(Method method) {
		return this.compiled.computeIfAbsent(method, this::compile);
	}

	private List<CompiledLimit> compile(Method method) {
		List<CompiledLimit> limits = new ArrayList<>();
		MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY)
			.stream(RateLimited.class)
			.map(MergedAnnotation::synthesize)
			.forEach((annotation) -> limits.add(compile(method, annotation)));
		return List.copyOf(limits);
	}

	private CompiledLimit compile(Method method, RateLimited annotation) {
		String where = "@RateLimited on " + method.getDeclaringClass().getSimpleName() + "." + method.getName();
		String name = !annotation.limiter().isEmpty() ? annotation.limiter() : annotation.value();
		RateLimiter limiter = (annotation.limit() > 0) ? inline(where, method, name, annotation)
				: named(where, name);
		long max = limiter.policy().limit();
		if (annotation.permits() < 1 || annotation.permits() > max) {
			throw new InvalidWeirPropertyException(where + " (permits)", Long.toString(annotation.permits()),
					"permits must be between 1 and the limit of '" + limiter.policy().name() + "', " + max,
					"Set permits on the annotation to a number from 1 to " + max + ".");
		}
		Expression key = RequestExpressions.parse(where + " (key)", annotation.key());
		return new CompiledLimit(where, limiter, key, annotation.permits());
	}

	private RateLimiter named(String where, String name) {
		if (name.isEmpty()) {
			throw new InvalidWeirPropertyException(where, null, "the annotation names no limiter and gives no limit",
					"Name a limiter defined under weir.limits, as @RateLimited(\"orders\"), or give an inline limit,"
							+ " as @RateLimited(limit = 10, window = \"1m\").");
		}
		return this.registry.get()
			.find(name)
			.orElseThrow(() -> new InvalidWeirPropertyException(where + " (limiter)", name,
					"no limiter named '" + name + "'",
					"Define weir.limits." + name + ".limit (and .window), or give the annotation an inline limit."));
	}

	private RateLimiter inline(String where, Method method, String name, RateLimited annotation) {
		Duration window;
		try {
			window = DurationStyle.detectAndParse(annotation.window());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWeirPropertyException(where + " (window)", annotation.window(), "not a duration",
					"Set window on the annotation to a duration such as 500ms, 10s or 1m.", ex);
		}
		String policyName = name.isEmpty() ? method.getDeclaringClass().getSimpleName() + "." + method.getName() : name;
		LimitPolicy policy;
		try {
			policy = LimitPolicy.of(policyName, annotation.limit(), window, annotation.algorithm());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWeirPropertyException(where, annotation.limit() + " per " + annotation.window(),
					ex.getMessage(), "Fix the limit and window on the annotation.", ex);
		}
		try {
			return this.registry.get().getOrCreate(policy);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWeirPropertyException(where + " (limiter)", policyName, ex.getMessage(),
					"Give the inline limiter a name of its own with limiter = \"...\".", ex);
		}
	}

	/**
	 * One annotation with its limiter resolved and its key parsed.
	 */
	record CompiledLimit(String source, RateLimiter limiter, @Nullable Expression key, long permits) {
	}

}
