package io.quarkiverse.retry;

import java.util.Set;

/**
 * Reads and steers the circuit breakers of the retry policies that enable one
 * ({@code quarkus.retry."<name>".circuit-breaker.enabled=true}). Inject it: {@code @Inject CircuitBreakers breakers}.
 * Policies are named as in {@code @WithRetry}: {@code ""} is the default policy.
 */
public interface CircuitBreakers {

    /** The names of the policies that have a circuit breaker. */
    Set<String> policies();

    /**
     * @throws IllegalArgumentException if the policy has no circuit breaker
     */
    CircuitBreakerState state(String policy);

    /** Opens the breaker until {@link #reset}: every attempt fails fast. */
    void forceOpen(String policy);

    /** Closes the breaker until {@link #reset}: every attempt passes and nothing is counted. */
    void forceClosed(String policy);

    /** Back to a normal closed breaker with an empty rolling window. */
    void reset(String policy);
}
