package io.quarkiverse.retry.runtime;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.config.ResolvedPolicy;
import io.quarkiverse.retry.runtime.core.RetryPolicy;

/**
 * Every retried method of the application, discovered and classified at build time and resolved against the
 * configuration once at startup ({@link RetryRecorder} calls {@link #init}). The interceptor finds a method's
 * {@link RetryMethod} through {@link #find}; the result is cached per bean class and {@link Method}, so the key string
 * is built only on the first call of a method.
 * <p>
 * Threading: initialized once, before the application serves calls; read by any number of threads afterwards.
 */
@Singleton
public class RetryRegistry {

    /** Everything {@link #init} sets, published at once. */
    private record State(boolean enabled, Map<String, RetryMethod> byKey, Map<String, ResolvedPolicy> policies,
            List<RetryMethodMetadata> methods, RetrierFactory factory) {
    }

    private volatile State state;
    private final ClassValue<Map<Method, RetryMethod>> byClass = new ClassValue<>() {
        @Override
        protected Map<Method, RetryMethod> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** Called once at startup. */
    void init(boolean enabled, Map<String, RetryMethod> byKey, Map<String, ResolvedPolicy> policies,
            List<RetryMethodMetadata> methods, RetrierFactory factory) {
        state = new State(enabled, Map.copyOf(byKey), Map.copyOf(policies), List.copyOf(methods), factory);
    }

    /** Builds the retriers of programmatic operations ({@link RetriesImpl}). */
    RetrierFactory retrierFactory() {
        return state().factory();
    }

    /** Every retried method the build recorded. */
    public List<RetryMethodMetadata> methods() {
        return state().methods();
    }

    private State state() {
        State s = state;
        if (s == null) {
            throw new IllegalStateException("The retry registry is not initialized yet");
        }
        return s;
    }

    /** {@code quarkus.retry.enabled}. */
    public boolean isEnabled() {
        return state().enabled();
    }

    /** The resolved policies by name, the default one under {@code ""}. */
    public Map<String, RetryPolicy> policies() {
        Map<String, RetryPolicy> result = new HashMap<>();
        state().policies().forEach((name, resolved) -> result.put(name, resolved.policy()));
        return Map.copyOf(result);
    }

    /** Every resolved policy by name, the default one under {@code ""}. */
    public Map<String, ResolvedPolicy> resolvedPolicies() {
        return state().policies();
    }

    /**
     * Every budget once, by the name metrics and health report: {@code shared}, or the name of the policy that owns
     * it.
     */
    public Map<String, RetryBudget> budgetsByName() {
        Map<String, RetryBudget> result = new TreeMap<>();
        state().policies().forEach((name, resolved) -> {
            RetryBudget budget = resolved.budget();
            if (budget != null) {
                result.put(budget.tag(), budget);
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /** The circuit breakers by policy name, for the policies that enable one. */
    public Map<String, CircuitBreaker> breakers() {
        return byPolicy(ResolvedPolicy::breaker);
    }

    /** The retry budgets by policy name (policies without one left out); policies sharing a budget map to one. */
    public Map<String, RetryBudget> budgets() {
        return byPolicy(ResolvedPolicy::budget);
    }

    private <T> Map<String, T> byPolicy(Function<ResolvedPolicy, T> part) {
        Map<String, T> result = new TreeMap<>();
        state().policies().forEach((name, resolved) -> {
            T value = part.apply(resolved);
            if (value != null) {
                result.put(name, value);
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /** The method ArC intercepts as {@code method} on {@code target}, as recorded at build time. */
    RetryMethod find(Object target, Method method) {
        Map<Method, RetryMethod> cache = byClass.get(target.getClass());
        RetryMethod found = cache.get(method);
        if (found == null) {
            found = resolve(target.getClass(), method);
            cache.put(method, found);
        }
        return found;
    }

    private RetryMethod resolve(Class<?> targetClass, Method method) {
        Class<?>[] parameterTypes = method.getParameterTypes();
        String[] names = new String[parameterTypes.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = parameterTypes[i].getName();
        }
        Map<String, RetryMethod> byKey = state().byKey();
        // The target is ArC's subclass of the bean class: walk up to the class the build recorded.
        for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
            RetryMethod m = byKey.get(RetryMethodMetadata.key(c.getName(), method.getName(), names));
            if (m != null) {
                return m;
            }
        }
        // the build records every method ArC intercepts with @WithRetry: this is a bug, not a user error
        throw new IllegalStateException("No retry metadata was recorded at build time for " + targetClass.getName()
                + "#" + method.getName() + "; please report this as a quarkus-retry bug");
    }
}
