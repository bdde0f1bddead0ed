package dev.weir.spring.limit;

import java.lang.reflect.Method;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Proxies every bean that has {@link dev.weir.spring.RateLimited} methods, and compiles those
 * methods' annotations as the bean is created, so that mistakes surface at startup.
 */
final class RateLimitedBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final long serialVersionUID = 1L;

	private final transient RateLimitedMethodInterceptor interceptor;

	RateLimitedBeanPostProcessor(RateLimitedMethodInterceptor interceptor) {
		this.interceptor = interceptor;
		this.advisor = new DefaultPointcutAdvisor(new AnnotatedMethods(), interceptor);
		setBeforeExistingAdvisors(true);
		setProxyTargetClass(true);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (isEligible(bean, beanName)) {
			this.interceptor.compileAll(AopUtils.getTargetClass(bean));
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	private static final class AnnotatedMethods extends StaticMethodMatcherPointcut {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return RateLimitedMethodInterceptor.isAnnotated(AopUtils.getMostSpecificMethod(method, targetClass));
		}

	}

}
