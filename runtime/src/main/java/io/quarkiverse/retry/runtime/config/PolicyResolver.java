package io.quarkiverse.retry.runtime.config;

import java.time.Duration;
import java.util.List;

import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.core.RandomSource;
import io.quarkiverse.retry.runtime.core.RetryPolicy;

/** The retry keys of a policy ({@code max-attempts} to {@code abort-on}) as a validated {@link RetryPolicy}. */
final class PolicyResolver {

    private final ConfigProblems problems;
    private final ExceptionClasses classes;
    private final RandomSource random;

    PolicyResolver(ConfigProblems problems, ExceptionClasses classes, RandomSource random) {
        this.problems = problems;
        this.classes = classes;
        this.random = random;
    }

    /** The policy, or {@code null} after reporting its problems. */
    RetryPolicy resolve(PolicyKeys<RetryPolicyConfig> keys) {
        int before = problems.count();
        Setting<Integer> maxAttempts = keys.get("max-attempts", RetryPolicyConfig::maxAttempts, Defaults.MAX_ATTEMPTS);
        Setting<Duration> baseDelay = keys.get("base-delay", RetryPolicyConfig::baseDelay, Defaults.BASE_DELAY);
        Setting<Duration> maxDelay = keys.get("max-delay", RetryPolicyConfig::maxDelay, Defaults.MAX_DELAY);
        Setting<Double> multiplier = keys.get("multiplier", RetryPolicyConfig::multiplier, Defaults.MULTIPLIER);
        Setting<JitterType> jitter = keys.get("jitter", RetryPolicyConfig::jitter, Defaults.JITTER);
        Setting<Double> jitterFactor = keys.get("jitter-factor", RetryPolicyConfig::jitterFactor,
                Defaults.JITTER_FACTOR);
        Setting<Duration> maxDuration = keys.get("max-duration", RetryPolicyConfig::maxDuration, null);
        Setting<List<String>> retryOn = retryOn(keys);
        Setting<List<String>> abortOn = abortOn(keys);

        if (maxAttempts.value() < 1) {
            problems.add(maxAttempts, "must be at least 1 (the first attempt counts)");
        }
        if (baseDelay.value().isNegative()) {
            problems.add(baseDelay, "must not be negative (0 retries at once)");
        }
        if (maxDelay.value().isNegative()) {
            problems.add(maxDelay, "must not be negative");
        } else if (!baseDelay.value().isNegative() && maxDelay.value().compareTo(baseDelay.value()) < 0) {
            problems.add(maxDelay, "must be greater than or equal to " + baseDelay.key() + " (" + baseDelay.raw() + ")");
        }
        if (!(multiplier.value() >= 1.0) || multiplier.value().isInfinite()) {
            problems.add(multiplier, "must be a finite number greater than or equal to 1");
        }
        if (!(jitterFactor.value() >= 0.0 && jitterFactor.value() <= 1.0)) {
            problems.add(jitterFactor, "must be between 0 and 1");
        }
        if (maxDuration.value() != null && (maxDuration.value().isNegative() || maxDuration.value().isZero())) {
            problems.add(maxDuration, "must be positive (leave it unset for no limit)");
        }
        List<Class<? extends Throwable>> retryOnTypes = classes.load(retryOn);
        List<Class<? extends Throwable>> abortOnTypes = classes.load(abortOn);
        if (problems.count() > before) {
            return null;
        }
        Backoff backoff = new Backoff(nanos(baseDelay.value()), nanos(maxDelay.value()), multiplier.value(),
                jitter.value().strategy(jitterFactor.value()), random);
        long maxDurationNanos = maxDuration.value() == null ? RetryPolicy.NO_MAX_DURATION : nanos(maxDuration.value());
        return new RetryPolicy(keys.policy(), maxAttempts.value(), backoff, maxDurationNanos, retryOnTypes,
                abortOnTypes);
    }

    static Setting<List<String>> retryOn(PolicyKeys<RetryPolicyConfig> keys) {
        return keys.get("retry-on", RetryPolicyConfig::retryOn, Defaults.RETRY_ON);
    }

    static Setting<List<String>> abortOn(PolicyKeys<RetryPolicyConfig> keys) {
        return keys.get("abort-on", RetryPolicyConfig::abortOn, Defaults.ABORT_ON);
    }

    /** Nanoseconds, with durations too long for a {@code long} as "forever" (~36,000 years, still safe to add to). */
    static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
