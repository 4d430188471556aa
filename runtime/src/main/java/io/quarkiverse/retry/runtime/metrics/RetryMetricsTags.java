package io.quarkiverse.retry.runtime.metrics;

import java.util.Locale;

import io.quarkiverse.retry.CircuitBreakerState;

/**
 * The values every integration (metrics, tracing, health, Dev UI) reports the same way. Free of any Micrometer type,
 * so that tracing can use it without Micrometer.
 */
public final class RetryMetricsTags {

    /** The {@code policy} value of the default policy. */
    public static final String DEFAULT_POLICY = "<default>";

    private RetryMetricsTags() {
    }

    /** {@code <default>} for the default policy, the name otherwise. */
    public static String policy(String name) {
        return name.isEmpty() ? DEFAULT_POLICY : name;
    }

    /** {@code closed}, {@code open}, {@code half_open}, {@code forced_open}, {@code forced_closed}. */
    public static String state(CircuitBreakerState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
