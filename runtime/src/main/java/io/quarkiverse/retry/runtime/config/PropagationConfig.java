package io.quarkiverse.retry.runtime.config;

import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;

/**
 * Retries across services: a retry sequence that gives up while the application serves an HTTP request marks the
 * error response with a header, and a REST client call that receives an error response with that header does not
 * retry it. So when services call each other in a chain, only the layer next to the failing dependency retries, and
 * a chain of three retrying layers sends that dependency 3 attempts per request instead of 27. Needs Quarkus REST
 * (or RESTEasy Classic) for the responses, and a Jakarta REST client for the calls.
 */
@ConfigGroup
public interface PropagationConfig {

    /**
     * Whether retries across services are coordinated at all; {@code false} turns off both ends below.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The response header that says "retries were already spent downstream". Its value is the outcome of the sequence
     * that gave up ({@code exhausted}, {@code budget_denied}, {@code circuit_open}, {@code max_duration}, or
     * {@code not_retryable} for a sequence that itself received the header); only its presence matters to a client.
     */
    @WithDefault("Retry-Exhausted")
    String headerName();

    /**
     * Whether an error response (status 400 or above) of an HTTP request during which a retry sequence gave up
     * carries the header. A sequence gives up when it ran out of attempts (with {@code max-attempts} above 1), of
     * time ({@code max-duration}) or of budget, when its circuit breaker is open, or when it received the header
     * itself.
     */
    @WithDefault("true")
    boolean markResponses();

    /**
     * Whether a REST client call that receives an error response carrying the header ends at once with that failure
     * (outcome {@code not_retryable}, the reason attached to the exception and logged) instead of retrying it.
     */
    @WithDefault("true")
    boolean honorResponses();
}
