package dev.weir.spring.cache;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code weir.cache.enabled} is true, or when it is unset and a cache is declared
 * under {@code weir.cache.caches} or {@code weir.cache.dynamic} is true.
 */
class OnWeirCacheCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		Boolean enabled = binder.bind("weir.cache.enabled", Boolean.class).orElse(null);
		if (enabled != null) {
			return new ConditionOutcome(enabled, "weir.cache.enabled is " + enabled);
		}
		if (binder.bind("weir.cache.dynamic", Boolean.class).orElse(false)) {
			return ConditionOutcome.match("weir.cache.dynamic is true");
		}
		Map<String, Object> caches = binder.bind("weir.cache.caches", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		return caches.isEmpty() ? ConditionOutcome.noMatch("no cache under weir.cache.caches")
				: ConditionOutcome.match("caches " + caches.keySet() + " under weir.cache.caches");
	}

}
