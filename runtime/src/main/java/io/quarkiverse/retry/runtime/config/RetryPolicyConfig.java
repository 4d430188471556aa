package io.quarkiverse.retry.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigGroup;

/**
 * One retry policy. Every key is optional: a named policy falls back to the default policy's value, and the default
 * policy falls back to the documented default.
 */
@ConfigGroup
public interface RetryPolicyConfig {

    /**
     * Total number of attempts, the first one included. Must be at least 1; 1 means "never retry".
     */
    @ConfigDocDefault("3")
    Optional<Integer> maxAttempts();

    /**
     * Wait before the first retry, before jitter. Later waits grow by {@code multiplier}. Must not be negative;
     * {@code 0} retries at once.
     */
    @ConfigDocDefault("1s")
    Optional<Duration> baseDelay();

    /**
     * Upper bound of any single wait, jitter included. Must be greater than or equal to {@code base-delay}.
     */
    @ConfigDocDefault("30s")
    Optional<Duration> maxDelay();

    /**
     * Exponential growth factor: the n-th retry waits {@code min(max-delay, base-delay * multiplier^(n-1))} before
     * jitter. Must be at least 1.
     */
    @ConfigDocDefault("2.0")
    Optional<Double> multiplier();

    /**
     * How waits are randomized: {@code none} (exact exponential delay), {@code proportional} (uniform in
     * {@code [delay * (1 - jitter-factor), delay]}), {@code full} (uniform in {@code [0, delay]}), {@code equal}
     * ({@code delay/2} plus uniform in {@code [0, delay/2]}) or {@code decorrelated} ({@code min(max-delay, uniform
     * in [base-delay, 3 * previous wait])}).
     */
    @ConfigDocDefault("proportional")
    Optional<JitterType> jitter();

    /**
     * Size of the {@code proportional} jitter, between 0 and 1: 0.1 shortens each wait by up to 10%.
     */
    @ConfigDocDefault("0.1")
    Optional<Double> jitterFactor();

    /**
     * Upper bound on the whole retry sequence, measured from the start of the first attempt: no attempt starts, and
     * no wait is scheduled, that would end later than this. Unset means no limit. Must be positive.
     */
    Optional<Duration> maxDuration();

    /**
     * Fully qualified names of the {@code Throwable} types that are retried (subtypes included). Other failures
     * propagate at once.
     */
    @ConfigDocDefault("java.lang.Exception")
    Optional<List<String>> retryOn();

    /**
     * Fully qualified names of the {@code Throwable} types that are never retried (subtypes included). Wins over
     * {@code retry-on}.
     */
    @ConfigDocDefault("none")
    Optional<List<String>> abortOn();

    /**
     * HTTP statuses that are retried, for a failure that carries an HTTP response (a Jakarta REST
     * {@code WebApplicationException}, such as the REST client's): codes ({@code 503}), classes ({@code 5xx}) or
     * ranges ({@code 500-504}). Any other status is not retried. A {@code retry-on} entry that is an HTTP exception type
     * ({@code jakarta.ws.rs.NotFoundException}, say) retries what it matches whatever its status.
     */
    @ConfigDocDefault("408,425,429,500,502,503,504")
    Optional<List<String>> retryOnStatus();

    /**
     * HTTP statuses that are never retried, winning over {@code retry-on-status}: codes, classes ({@code 4xx}) or
     * ranges.
     */
    @ConfigDocDefault("none")
    Optional<List<String>> abortOnStatus();

    /**
     * Whether a retried 429 or 503 response with a {@code Retry-After} header (seconds or an HTTP-date) makes that the
     * next wait, instead of the computed backoff. A wait longer than {@code max-delay}, or one that would end past
     * {@code max-duration}, ends the call at once with the last failure.
     */
    @ConfigDocDefault("true")
    Optional<Boolean> honorRetryAfter();

    /**
     * Whether REST client methods that are not idempotent ({@code @POST}, {@code @PATCH}) are retried on an HTTP
     * status or a timeout too. By default they are retried only when the connection could not be made (nothing
     * reached the server).
     */
    @ConfigDocDefault("false")
    Optional<Boolean> retryNonIdempotent();

    /**
     * Fully qualified name of a class implementing {@code java.util.function.Predicate<Object>} that tells which
     * results of a retried method are failures: {@code true} means "this result is a failure, retry". For a
     * {@code Uni} or {@code CompletionStage} method the predicate sees the item or the value, not the stage. The
     * instance is the CDI bean of that class if it is one, otherwise one instance created at startup with its
     * no-argument constructor. When the attempts run out on a result-failure, the caller gets the last result (the
     * call's outcome is {@code exhausted}). A predicate that throws makes the attempt fail with what it threw. Unset:
     * every result is a success.
     */
    Optional<String> retryOnResult();

    /**
     * Retry budget of this policy.
     */
    BudgetConfig budget();

    /**
     * Circuit breaker of this policy.
     */
    CircuitBreakerConfig circuitBreaker();
}
