package io.quarkiverse.retry;

/**
 * State of a retry policy's circuit breaker.
 */
public enum CircuitBreakerState {
    /** Attempts pass; their outcomes fill the rolling window. */
    CLOSED,
    /** Attempts fail fast with {@link CircuitBreakerOpenException} until the open delay has elapsed. */
    OPEN,
    /** A limited number of trial attempts pass; their outcome closes or re-opens the breaker. */
    HALF_OPEN,
    /** Forced open by an operator ({@link CircuitBreakers#forceOpen}): every attempt fails fast until reset. */
    FORCED_OPEN,
    /** Forced closed by an operator ({@link CircuitBreakers#forceClosed}): every attempt passes, nothing is counted. */
    FORCED_CLOSED
}
