package io.quarkiverse.retry.runtime.core.event;

import io.quarkiverse.retry.CircuitBreakerState;

/**
 * What happens in one circuit breaker. {@link RetryEvents#forCircuitBreaker} creates one per breaker at startup.
 * <p>
 * Threading: called on the thread that ran the attempt or the operator action ({@code CircuitBreakers}); breakers are
 * used concurrently, so an implementation must be thread-safe, quick, and must neither block nor throw.
 */
public interface CircuitBreakerListener {

    /** Ignores everything. */
    CircuitBreakerListener NONE = new CircuitBreakerListener() {
    };

    /** What the breaker made of one attempt. */
    enum AttemptResult {
        /** The attempt succeeded (or failed with a failure that does not count, see {@link #IGNORED}). */
        SUCCESS,
        /** The attempt failed with a failure that counts against the breaker. */
        FAILURE,
        /**
         * The attempt failed with a failure that does not count ({@code skip-on}, not in {@code fail-on}), or its
         * caller cancelled it before its outcome was known.
         */
        IGNORED,
        /** The breaker refused the attempt: the method was not called. */
        REJECTED
    }

    /** The breaker saw an attempt. */
    default void attempt(AttemptResult result) {
    }

    /**
     * The breaker changed state.
     *
     * @param byOperator {@code true} when {@code forceOpen}, {@code forceClosed} or {@code reset} caused it
     */
    default void stateChanged(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
    }
}
