package io.quarkiverse.retry;

/**
 * An attempt was refused because the circuit breaker of its retry policy is open (or half-open with all trial
 * attempts taken). The dependency was not called. Such a failure is never retried and never spends retry budget.
 */
public class CircuitBreakerOpenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String policy;

    public CircuitBreakerOpenException(String policy, String message) {
        // no stack trace: fast failures are the point of an open breaker
        super(message, null, true, false);
        this.policy = policy;
    }

    /** The name of the retry policy whose breaker refused the attempt ({@code ""} for the default policy). */
    public String getPolicy() {
        return policy;
    }
}
