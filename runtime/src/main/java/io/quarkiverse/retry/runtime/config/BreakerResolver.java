package io.quarkiverse.retry.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.core.FailureTypes;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;

/** The {@code circuit-breaker.*} keys of a policy as its {@link CircuitBreaker} and the failures that count. */
final class BreakerResolver {

    /**
     * A policy's breaker.
     *
     * @param failures the failures that count against it; {@code null} means the policy's retryable ones
     */
    record Breaker(CircuitBreaker breaker, FailureTypes failures, boolean failHealth, boolean failOnResult) {
    }

    private final ConfigProblems problems;
    private final ExceptionClasses classes;
    private final LongSupplier clock;
    private final RetryEvents events;

    BreakerResolver(ConfigProblems problems, ExceptionClasses classes, LongSupplier clock, RetryEvents events) {
        this.problems = problems;
        this.classes = classes;
        this.clock = clock;
        this.events = events;
    }

    /** The policy's breaker, or {@code null} (disabled, or invalid and reported). */
    Breaker resolve(PolicyKeys<RetryPolicyConfig> policy) {
        PolicyKeys<CircuitBreakerConfig> keys = policy.group("circuit-breaker.", RetryPolicyConfig::circuitBreaker);
        if (!keys.get("enabled", CircuitBreakerConfig::enabled, Defaults.BREAKER_ENABLED).value()) {
            // no breaker, but the values the policy sets must be valid all the same: they take effect as soon as the
            // breaker is enabled, here or in a named policy that inherits them
            keys.own("request-volume-threshold", CircuitBreakerConfig::requestVolumeThreshold).ifPresent(this::atLeastOne);
            keys.own("failure-ratio", CircuitBreakerConfig::failureRatio).ifPresent(this::checkRatio);
            keys.own("delay", CircuitBreakerConfig::delay).ifPresent(this::notNegative);
            keys.own("success-threshold", CircuitBreakerConfig::successThreshold).ifPresent(this::atLeastOne);
            keys.own("fail-on", CircuitBreakerConfig::failOn).ifPresent(classes::load);
            keys.own("skip-on", CircuitBreakerConfig::skipOn).ifPresent(classes::load);
            return null;
        }
        int before = problems.count();
        Setting<Integer> volume = keys.get("request-volume-threshold", CircuitBreakerConfig::requestVolumeThreshold,
                Defaults.BREAKER_REQUEST_VOLUME_THRESHOLD);
        Setting<Double> ratio = keys.get("failure-ratio", CircuitBreakerConfig::failureRatio,
                Defaults.BREAKER_FAILURE_RATIO);
        Setting<Duration> delay = keys.get("delay", CircuitBreakerConfig::delay, Defaults.BREAKER_DELAY);
        Setting<Integer> successes = keys.get("success-threshold", CircuitBreakerConfig::successThreshold,
                Defaults.BREAKER_SUCCESS_THRESHOLD);
        Setting<List<String>> failOn = keys.get("fail-on", CircuitBreakerConfig::failOn, null);
        Setting<List<String>> skipOn = keys.get("skip-on", CircuitBreakerConfig::skipOn, null);
        Setting<Boolean> failHealth = keys.get("fail-health", CircuitBreakerConfig::failHealth,
                Defaults.BREAKER_FAIL_HEALTH);
        Setting<Boolean> failOnResult = keys.get("fail-on-result", CircuitBreakerConfig::failOnResult,
                Defaults.BREAKER_FAIL_ON_RESULT);
        atLeastOne(volume);
        checkRatio(ratio);
        notNegative(delay);
        atLeastOne(successes);
        FailureTypes failures = null;
        if (failOn.value() != null || skipOn.value() != null) {
            // an unset half defaults to the policy's retry-on / abort-on
            Setting<List<String>> included = failOn.value() != null ? failOn : PolicyResolver.retryOn(policy);
            Setting<List<String>> excluded = skipOn.value() != null ? skipOn : PolicyResolver.abortOn(policy);
            failures = new FailureTypes(classes.load(included), classes.load(excluded));
        }
        if (problems.count() > before) {
            return null;
        }
        return new Breaker(new CircuitBreaker(policy.policy(), volume.value(), ratio.value(),
                PolicyResolver.nanos(delay.value()), successes.value(), clock, events), failures, failHealth.value(),
                failOnResult.value());
    }

    private void atLeastOne(Setting<Integer> setting) {
        if (setting.value() < 1) {
            problems.add(setting, "must be at least 1");
        }
    }

    private void checkRatio(Setting<Double> ratio) {
        if (!(ratio.value() > 0 && ratio.value() <= 1)) {
            problems.add(ratio, "must be greater than 0 and at most 1");
        }
    }

    private void notNegative(Setting<Duration> delay) {
        if (delay.value().isNegative()) {
            problems.add(delay, "must not be negative");
        }
    }
}
