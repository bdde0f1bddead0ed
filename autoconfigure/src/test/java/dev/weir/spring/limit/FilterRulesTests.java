package dev.weir.spring.limit;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.weir.limit.Algorithm;
import dev.weir.limit.LimitPolicy;
import dev.weir.limit.RateLimiterRegistry;
import dev.weir.limit.RateLimiters;
import dev.weir.spring.InvalidWeirPropertyException;
import dev.weir.spring.limit.WeirRateLimitFilter.CompiledRule;
import dev.weir.spring.limit.WeirRateLimitProperties.Rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FilterRulesTests {

	private final RateLimiterRegistry registry = new RateLimiterRegistry(RateLimiters::local,
			List.of(RateLimiters.local(LimitPolicy.of("demo", 10, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW))));

	@Test
	void aValidRuleIsCompiledWithItsMethodsUpperCased() {
		List<CompiledRule> compiled = FilterRules.compile(List.of(rule((rule) -> {
			rule.setMethods(List.of("get", " Post "));
			rule.setKey("#remoteAddress");
			rule.setWhen("#request.getHeader('X-Internal') == null");
			rule.setPermits(3);
		})), this.registry);
		assertThat(compiled).singleElement().satisfies((rule) -> {
			assertThat(rule.methods()).containsExactlyInAnyOrder("GET", "POST");
			assertThat(rule.limiter().policy().name()).isEqualTo("demo");
			assertThat(rule.permits()).isEqualTo(3);
			assertThat(rule.key()).isNotNull();
			assertThat(rule.when()).isNotNull();
		});
	}

	@Test
	void aRuleWithoutAPathNamesThePathProperty() {
		assertInvalid(rule((rule) -> rule.setPath(null)), "weir.rules[0].path");
	}

	@Test
	void anUnparsablePathPatternNamesThePathProperty() {
		assertInvalid(rule((rule) -> rule.setPath("/api/{unclosed")), "weir.rules[0].path");
	}

	@Test
	void anUnknownMethodNamesTheMethodsProperty() {
		assertInvalid(rule((rule) -> rule.setMethods(List.of("FETCH"))), "weir.rules[0].methods");
	}

	@Test
	void aMissingLimiterNamesTheLimiterProperty() {
		assertInvalid(rule((rule) -> rule.setLimiter(null)), "weir.rules[0].limiter");
	}

	@Test
	void anUnknownLimiterNamesTheLimiterPropertyAndHowToDefineIt() {
		assertThatExceptionOfType(InvalidWeirPropertyException.class)
			.isThrownBy(() -> FilterRules.compile(List.of(rule((rule) -> rule.setLimiter("orders"))), this.registry))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("weir.rules[0].limiter");
				assertThat(ex.getAction()).contains("weir.limits.orders.limit");
			});
	}

	@Test
	void permitsAboveTheLimitNameThePermitsProperty() {
		assertInvalid(rule((rule) -> rule.setPermits(11)), "weir.rules[0].permits");
	}

	@Test
	void zeroPermitsNameThePermitsProperty() {
		assertInvalid(rule((rule) -> rule.setPermits(0)), "weir.rules[0].permits");
	}

	@Test
	void anUnparsableKeyNamesTheKeyProperty() {
		assertInvalid(rule((rule) -> rule.setKey("#request.getHeader('X-Api-Key'")), "weir.rules[0].key");
	}

	@Test
	void anUnparsableConditionNamesTheWhenProperty() {
		assertInvalid(rule((rule) -> rule.setWhen("#path ==")), "weir.rules[0].when");
	}

	@Test
	void theIndexOfTheBadRuleIsNamed() {
		assertThatExceptionOfType(InvalidWeirPropertyException.class)
			.isThrownBy(() -> FilterRules.compile(List.of(rule((rule) -> {
			}), rule((rule) -> rule.setPath(""))), this.registry))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("weir.rules[1].path"));
	}

	private void assertInvalid(Rule rule, String property) {
		assertThatExceptionOfType(InvalidWeirPropertyException.class)
			.isThrownBy(() -> FilterRules.compile(List.of(rule), this.registry))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(property);
				assertThat(ex.getAction()).contains(property.substring(property.lastIndexOf('.') + 1));
			});
	}

	private static Rule rule(Consumer<Rule> customizer) {
		Rule rule = new Rule();
		rule.setPath("/api/**");
		rule.setLimiter("demo");
		customizer.accept(rule);
		return rule;
	}

}
