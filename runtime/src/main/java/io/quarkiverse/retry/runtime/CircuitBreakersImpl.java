package io.quarkiverse.retry.runtime;

import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;

/** The injectable {@link CircuitBreakers}: a view over the policies' breakers. */
@Singleton
public class CircuitBreakersImpl implements CircuitBreakers {

    @Inject
    RetryRegistry registry;

    @Override
    public Set<String> policies() {
        return registry.breakers().keySet();
    }

    @Override
    public CircuitBreakerState state(String policy) {
        return get(policy).state();
    }

    @Override
    public void forceOpen(String policy) {
        get(policy).forceOpen();
    }

    @Override
    public void forceClosed(String policy) {
        get(policy).forceClosed();
    }

    @Override
    public void reset(String policy) {
        get(policy).reset();
    }

    private CircuitBreaker get(String policy) {
        Map<String, CircuitBreaker> breakers = registry.breakers();
        CircuitBreaker breaker = breakers.get(policy);
        if (breaker == null) {
            throw new IllegalArgumentException("Retry policy \"" + policy + "\" has no circuit breaker; policies with one: "
                    + breakers.keySet() + " (enable it with quarkus.retry.\"" + policy
                    + "\".circuit-breaker.enabled=true)");
        }
        return breaker;
    }
}
