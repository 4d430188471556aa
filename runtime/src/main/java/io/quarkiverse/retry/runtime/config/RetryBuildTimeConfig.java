package io.quarkiverse.retry.runtime.config;

import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the build decides: which integrations report the retries (metrics, tracing, health). Each is active only when
 * the application has the matching Quarkus extension. The names {@code metrics}, {@code tracing} and {@code health}
 * (like {@code budget} and {@code circuit-breaker}) cannot be policy names.
 */
@ConfigMapping(prefix = "quarkus.retry")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface RetryBuildTimeConfig {

    /**
     * Micrometer metrics of the retries.
     */
    MetricsConfig metrics();

    /**
     * OpenTelemetry tracing of the retries.
     */
    TracingConfig tracing();

    /**
     * The health check of the circuit breakers and budgets.
     */
    HealthConfig health();

    @ConfigGroup
    interface MetricsConfig {
        /**
         * Whether retries are reported as Micrometer meters ({@code retry.calls}, {@code retry.retries}, ...), when the
         * application has {@code quarkus-micrometer}. Setting it to {@code true} without Micrometer logs a warning.
         */
        @ConfigDocDefault("true")
        Optional<Boolean> enabled();

        /**
         * Tags of the meters.
         */
        TagsConfig tags();
    }

    @ConfigGroup
    interface TagsConfig {
        /**
         * Whether the per-method meters have a {@code method} tag ({@code Class#method}). {@code false} aggregates them
         * per policy, for applications with very many retried methods.
         */
        @WithDefault("true")
        boolean method();

        /**
         * Whether {@code retry.retries} has an {@code error.type} tag (the class name of the failure that was
         * retried). Off by default: an application with many failure types gets many series.
         */
        @WithDefault("false")
        boolean errorType();
    }

    @ConfigGroup
    interface TracingConfig {
        /**
         * Whether retries are reported as OpenTelemetry span events on the current span ({@code retry},
         * {@code retry.give_up}, {@code retry.circuit_breaker.state_change}) and attempts carry the HTTP resend count,
         * when the application has {@code quarkus-opentelemetry}.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * Whether every retried call gets an INTERNAL span of its own, {@code retry <policy>}, with the attempts as its
         * children and {@code retry.attempts} and {@code retry.outcome} attributes.
         */
        @WithDefault("false")
        boolean span();
    }

    @ConfigGroup
    interface HealthConfig {
        /**
         * The health group of the {@code quarkus-retry} check, when the application has
         * {@code quarkus-smallrye-health} and some policy has a circuit breaker: {@code wellness} (shown in
         * {@code /q/health} and {@code /q/health/well}, never in a probe), {@code readiness}, {@code liveness}, or the
         * name of a custom group. A breaker in a readiness probe takes every instance out of the load balancer when
         * one shared dependency fails: move it there only on purpose.
         */
        @WithDefault("wellness")
        String group();
    }
}
