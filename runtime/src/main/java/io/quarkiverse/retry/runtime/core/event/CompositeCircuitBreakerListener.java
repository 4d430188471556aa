package io.quarkiverse.retry.runtime.core.event;

import io.quarkiverse.retry.CircuitBreakerState;

/** Forwards every event to several listeners, in order. */
final class CompositeCircuitBreakerListener implements CircuitBreakerListener {

    private final CircuitBreakerListener[] listeners;

    CompositeCircuitBreakerListener(CircuitBreakerListener[] listeners) {
        this.listeners = listeners;
    }

    @Override
    public void attempt(AttemptResult result) {
        for (CircuitBreakerListener listener : listeners) {
            listener.attempt(result);
        }
    }

    @Override
    public void stateChanged(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
        for (CircuitBreakerListener listener : listeners) {
            listener.stateChanged(from, to, byOperator);
        }
    }
}
