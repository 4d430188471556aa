package io.quarkiverse.retry.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.quarkiverse.retry.FailureClassifier;
import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.FailureRules;
import io.quarkiverse.retry.runtime.core.FailureTypes;
import io.quarkiverse.retry.runtime.core.HttpResponses;
import io.quarkiverse.retry.runtime.core.HttpRules;
import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.core.RandomSource;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.quarkiverse.retry.runtime.core.StatusSet;

/**
 * The retry keys of a policy ({@code max-attempts} to {@code retry-non-idempotent}) as a validated
 * {@link RetryPolicy}.
 */
final class PolicyResolver {

    /** The Jakarta REST type of failures that carry an HTTP response. */
    private static final String WEB_APPLICATION_EXCEPTION = "jakarta.ws.rs.WebApplicationException";

    private final ConfigProblems problems;
    private final ExceptionClasses classes;
    private final RandomSource random;
    private final HttpResponses responses;
    private final List<FailureClassifier> classifiers;
    private final Class<?> webApplicationException;
    private final ResultPredicates resultPredicates;
    private final String spentHeader;

    PolicyResolver(ConfigProblems problems, ExceptionClasses classes, RandomSource random, HttpResponses responses,
            List<FailureClassifier> classifiers, ClassLoader classLoader, ResultPredicates resultPredicates,
            String spentHeader) {
        this.problems = problems;
        this.spentHeader = spentHeader;
        this.resultPredicates = resultPredicates;
        this.classes = classes;
        this.random = random;
        this.responses = responses;
        this.classifiers = classifiers;
        Class<?> type;
        try {
            type = Class.forName(WEB_APPLICATION_EXCEPTION, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            type = null; // no Jakarta REST in the application
        }
        this.webApplicationException = type;
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
        Setting<List<String>> retryOnStatus = keys.get("retry-on-status", RetryPolicyConfig::retryOnStatus,
                Defaults.RETRY_ON_STATUS);
        Setting<List<String>> abortOnStatus = keys.get("abort-on-status", RetryPolicyConfig::abortOnStatus,
                Defaults.ABORT_ON_STATUS);
        Setting<Boolean> honorRetryAfter = keys.get("honor-retry-after", RetryPolicyConfig::honorRetryAfter,
                Defaults.HONOR_RETRY_AFTER);
        Setting<Boolean> retryNonIdempotent = keys.get("retry-non-idempotent", RetryPolicyConfig::retryNonIdempotent,
                Defaults.RETRY_NON_IDEMPOTENT);
        Setting<String> retryOnResult = keys.get("retry-on-result", RetryPolicyConfig::retryOnResult, null);

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
        StatusSet retryStatuses = statuses(retryOnStatus);
        StatusSet abortStatuses = statuses(abortOnStatus);
        Predicate<Object> resultFailure = resultPredicates.load(retryOnResult);
        if (problems.count() > before) {
            return null;
        }
        Backoff backoff = new Backoff(nanos(baseDelay.value()), nanos(maxDelay.value()), multiplier.value(),
                jitter.value().strategy(jitterFactor.value()), random);
        long maxDurationNanos = maxDuration.value() == null ? RetryPolicy.NO_MAX_DURATION : nanos(maxDuration.value());
        List<Class<? extends Throwable>> httpRetryOn = webApplicationException == null ? List.of()
                : retryOnTypes.stream().filter(webApplicationException::isAssignableFrom).toList();
        HttpRules http = new HttpRules(retryStatuses, abortStatuses, honorRetryAfter.value(), retryNonIdempotent.value(),
                httpRetryOn.isEmpty() ? null : new FailureTypes(httpRetryOn, List.of()), responses, spentHeader);
        FailureRules failures = new FailureRules(new FailureTypes(retryOnTypes, abortOnTypes), http, classifiers,
                System::currentTimeMillis);
        return new RetryPolicy(keys.policy(), maxAttempts.value(), backoff, maxDurationNanos, failures,
                resultFailure);
    }

    private StatusSet statuses(Setting<List<String>> setting) {
        try {
            return StatusSet.parse(setting.value());
        } catch (IllegalArgumentException e) {
            problems.add(setting, "names status " + e.getMessage() + ", which is not a code (503), a class (5xx) or a"
                    + " range (500-504) of statuses between 100 and 599");
            return StatusSet.EMPTY;
        }
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
