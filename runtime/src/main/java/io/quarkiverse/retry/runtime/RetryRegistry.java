package io.quarkiverse.retry.runtime;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.interceptor.InvocationContext;

import org.jboss.logging.Logger;

import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.DelayScheduler;
import io.quarkiverse.retry.runtime.core.Retrier;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.quarkus.arc.ArcInvocationContext;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.Uni;

/**
 * Every retried method of the application, resolved against the configuration once at startup. The interceptor
 * finds a method's {@link RetryMethod} through {@link #find}; the result is cached per bean class and
 * {@link Method}, so the key string is built only on the first call of a method.
 */
public final class RetryRegistry {

    private static final Logger LOG = Logger.getLogger(RetryRegistry.class);

    private final boolean enabled;
    private final Map<String, RetryMethod> byKey;
    private final Map<String, ResolvedPolicy> policies;
    private final DelayScheduler scheduler;
    private final ClassValue<Map<Method, RetryMethod>> byClass = new ClassValue<>() {
        @Override
        protected Map<Method, RetryMethod> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    RetryRegistry(boolean enabled, Map<String, RetryMethod> byKey, Map<String, ResolvedPolicy> policies,
            DelayScheduler scheduler) {
        this.enabled = enabled;
        this.byKey = byKey;
        this.policies = policies;
        this.scheduler = scheduler;
    }

    static Retrier retrier(String method, ResolvedPolicy policy, DelayScheduler scheduler) {
        return new Retrier(method, policy.policy, scheduler, BlockingOperationControl::isBlockingAllowed,
                System::nanoTime, policy.budget, policy.breaker, policy.breakerFailures);
    }

    /** {@code quarkus.retry.enabled}. */
    public boolean isEnabled() {
        return enabled;
    }

    /** The resolved policies by name, the default one under {@code ""}. */
    public Map<String, RetryPolicy> policies() {
        Map<String, RetryPolicy> result = new java.util.HashMap<>();
        policies.forEach((name, resolved) -> result.put(name, resolved.policy));
        return Map.copyOf(result);
    }

    /** The circuit breakers by policy name, for the policies that enable one. */
    public Map<String, CircuitBreaker> breakers() {
        return byPolicy(resolved -> resolved.breaker);
    }

    /** The retry budgets by policy name (policies without one left out); policies sharing a budget map to one. */
    public Map<String, RetryBudget> budgets() {
        return byPolicy(resolved -> resolved.budget);
    }

    private <T> Map<String, T> byPolicy(java.util.function.Function<ResolvedPolicy, T> part) {
        Map<String, T> result = new java.util.TreeMap<>();
        policies.forEach((name, resolved) -> {
            T value = part.apply(resolved);
            if (value != null) {
                result.put(name, value);
            }
        });
        return java.util.Collections.unmodifiableMap(result);
    }

    RetryMethod find(Object target, Method method, InvocationContext context) {
        Map<Method, RetryMethod> cache = byClass.get(target.getClass());
        RetryMethod found = cache.get(method);
        if (found == null) {
            found = resolve(target.getClass(), method, context);
            cache.put(method, found);
        }
        return found;
    }

    private RetryMethod resolve(Class<?> targetClass, Method method, InvocationContext context) {
        Class<?>[] parameterTypes = method.getParameterTypes();
        String[] names = new String[parameterTypes.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = parameterTypes[i].getName();
        }
        // The target is ArC's subclass of the bean class: walk up to the class the build registered.
        for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
            RetryMethod m = byKey.get(RetryMethodMetadata.key(c.getName(), method.getName(), names));
            if (m != null) {
                return m;
            }
        }
        return fromBindings(method, context);
    }

    /**
     * Methods the build could not see from the bean class (for example default methods of interfaces): resolved from
     * ArC's interceptor bindings, once per method.
     */
    private RetryMethod fromBindings(Method method, InvocationContext context) {
        String policyName = "";
        if (context instanceof ArcInvocationContext) {
            Set<java.lang.annotation.Annotation> bindings = ((ArcInvocationContext) context).getInterceptorBindings();
            for (java.lang.annotation.Annotation binding : bindings) {
                if (binding instanceof WithRetry) {
                    policyName = ((WithRetry) binding).value();
                }
            }
        }
        ResolvedPolicy policy = policies.get(policyName);
        String display = method.getDeclaringClass().getName() + "#" + method.getName();
        if (policy == null) {
            throw new IllegalStateException("@WithRetry(\"" + policyName + "\") on " + display
                    + " names an unknown retry policy; configured policies: " + namedPolicies());
        }
        Class<?> returnType = method.getReturnType();
        ReturnShape shape = returnType == Uni.class ? ReturnShape.UNI
                : java.util.concurrent.CompletionStage.class.isAssignableFrom(returnType)
                        && returnType.isAssignableFrom(java.util.concurrent.CompletableFuture.class)
                                ? ReturnShape.COMPLETION_STAGE
                                : ReturnShape.SYNC;
        LOG.debugf("Resolved retry metadata of %s at its first call (policy %s, %s)", display,
                policy.policy.displayName(), shape);
        return new RetryMethod(shape, retrier(display, policy, scheduler));
    }

    String namedPolicies() {
        return policies.keySet().stream().filter(n -> !n.isEmpty()).sorted().toList().toString();
    }
}
