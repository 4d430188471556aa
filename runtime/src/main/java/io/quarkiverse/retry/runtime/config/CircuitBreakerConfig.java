package io.quarkiverse.retry.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigGroup;

/**
 * Circuit breaker of a policy. One breaker per policy (a policy stands for one dependency); every attempt, retries
 * included, passes through it. While it is open, attempts fail fast with
 * {@code io.quarkiverse.retry.CircuitBreakerOpenException} and the retry sequence stops at once.
 */
@ConfigGroup
public interface CircuitBreakerConfig {

    /**
     * Whether the policy has a circuit breaker. A named policy inherits the default policy's value (and gets a
     * breaker of its own).
     */
    @ConfigDocDefault("false")
    Optional<Boolean> enabled();

    /**
     * Size of the rolling window: the breaker looks at the outcomes of the last this-many attempts, and never opens
     * before it has seen that many. The default of 100 keeps a healthy dependency with 20% independent failures from
     * tripping the breaker (a window of 20 would trip it within a few thousand calls).
     */
    @ConfigDocDefault("100")
    Optional<Integer> requestVolumeThreshold();

    /**
     * Fraction of failed attempts in a full window that opens the breaker, in (0, 1].
     */
    @ConfigDocDefault("0.5")
    Optional<Double> failureRatio();

    /**
     * How long the breaker stays open before it lets trial attempts through (half-open).
     */
    @ConfigDocDefault("5s")
    Optional<Duration> delay();

    /**
     * Number of trial attempts allowed at a time when half-open, all of which must succeed to close the breaker; one
     * failed trial opens it again.
     */
    @ConfigDocDefault("1")
    Optional<Integer> successThreshold();

    /**
     * Failures (class names, subtypes included) that count against the breaker. Other failures count as successes:
     * the dependency answered.
     */
    @ConfigDocDefault("the policy's retry-on")
    Optional<List<String>> failOn();

    /**
     * Failures that never count against the breaker; wins over {@code fail-on}.
     */
    @ConfigDocDefault("the policy's abort-on")
    Optional<List<String>> skipOn();

    /**
     * Whether an attempt whose result is a failure by the policy's {@code retry-on-result} counts against the breaker.
     * With {@code false} such an attempt counts neither as a failure nor as a success.
     */
    @ConfigDocDefault("true")
    Optional<Boolean> failOnResult();

    /**
     * Whether the {@code quarkus-retry} health check is DOWN while this breaker is open or forced open (half-open
     * never fails it). Off by default: the check reports the breaker's state either way, and one open breaker in a
     * readiness probe can take every instance out of the load balancer at once.
     */
    @ConfigDocDefault("false")
    Optional<Boolean> failHealth();
}
