package io.quarkiverse.retry.runtime.core.event;

import java.util.ArrayList;
import java.util.List;

import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;

/**
 * The event SPI of the retry engine: one implementation per consumer (the structured logs, and later metrics,
 * tracing, the Dev UI). At startup it is asked once for the listener of every retried method and of every circuit
 * breaker; the engine then calls those listeners directly. Plain Java, no CDI.
 */
public interface RetryEvents {

    /** Listens to nothing. */
    RetryEvents NONE = new RetryEvents() {
    };

    /**
     * The listener of one retried method.
     *
     * @return a listener, {@link RetryListener#NONE} to ignore the method
     */
    default RetryListener forMethod(RetryTarget target) {
        return RetryListener.NONE;
    }

    /**
     * The listener of one circuit breaker.
     *
     * @return a listener, {@link CircuitBreakerListener#NONE} to ignore the breaker
     */
    default CircuitBreakerListener forCircuitBreaker(CircuitBreaker breaker) {
        return CircuitBreakerListener.NONE;
    }

    /** All of {@code consumers}, in order; listeners that ignore everything are left out. */
    static RetryEvents all(List<RetryEvents> consumers) {
        List<RetryEvents> copy = List.copyOf(consumers);
        if (copy.size() == 1) {
            return copy.get(0);
        }
        return new RetryEvents() {
            @Override
            public RetryListener forMethod(RetryTarget target) {
                List<RetryListener> listeners = new ArrayList<>();
                for (RetryEvents events : copy) {
                    RetryListener listener = events.forMethod(target);
                    if (listener != RetryListener.NONE) {
                        listeners.add(listener);
                    }
                }
                return listeners.isEmpty() ? RetryListener.NONE
                        : listeners.size() == 1 ? listeners.get(0)
                                : new CompositeRetryListener(listeners.toArray(new RetryListener[0]));
            }

            @Override
            public CircuitBreakerListener forCircuitBreaker(CircuitBreaker breaker) {
                List<CircuitBreakerListener> listeners = new ArrayList<>();
                for (RetryEvents events : copy) {
                    CircuitBreakerListener listener = events.forCircuitBreaker(breaker);
                    if (listener != CircuitBreakerListener.NONE) {
                        listeners.add(listener);
                    }
                }
                return listeners.isEmpty() ? CircuitBreakerListener.NONE
                        : listeners.size() == 1 ? listeners.get(0)
                                : new CompositeCircuitBreakerListener(listeners.toArray(new CircuitBreakerListener[0]));
            }
        };
    }
}
