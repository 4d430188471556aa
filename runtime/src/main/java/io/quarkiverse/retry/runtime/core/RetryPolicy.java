package io.quarkiverse.retry.runtime.core;

import java.util.List;
import java.util.function.Predicate;

import io.quarkiverse.retry.RetryAdvice;

/**
 * A resolved, validated retry policy shared by every method that uses it. Immutable and thread-safe.
 */
public final class RetryPolicy {

    /** {@link #maxDurationNanos()} when the sequence has no time limit. */
    public static final long NO_MAX_DURATION = -1;

    private final String name;
    private final int maxAttempts;
    private final Backoff backoff;
    private final long maxDurationNanos;
    private final FailureRules failures;
    private final Predicate<Object> resultFailure;

    /**
     * A policy with the default HTTP rules and no classifier beans.
     *
     * @param name the policy name, {@code ""} for the default policy
     * @param maxDurationNanos {@link #NO_MAX_DURATION} or a positive limit
     */
    public RetryPolicy(String name, int maxAttempts, Backoff backoff, long maxDurationNanos,
            List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> abortOn) {
        this(name, maxAttempts, backoff, maxDurationNanos, new FailureRules(new FailureTypes(retryOn, abortOn),
                HttpRules.DEFAULTS, List.of(), System::currentTimeMillis));
    }

    /**
     * @param failures which failures are retried, and after which wait they ask for
     */
    public RetryPolicy(String name, int maxAttempts, Backoff backoff, long maxDurationNanos, FailureRules failures) {
        this(name, maxAttempts, backoff, maxDurationNanos, failures, null);
    }

    /**
     * @param resultFailure which results count as failures ({@code true}: retry), {@code null} for none
     */
    public RetryPolicy(String name, int maxAttempts, Backoff backoff, long maxDurationNanos, FailureRules failures,
            Predicate<Object> resultFailure) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        this.name = name;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.maxDurationNanos = maxDurationNanos;
        this.failures = failures;
        this.resultFailure = resultFailure;
    }

    /** This policy with another {@code max-attempts} (at least 1); everything else shared. */
    public RetryPolicy withMaxAttempts(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1 (the first attempt counts), was "
                    + attempts + " (retry policy " + displayName() + ")");
        }
        return new RetryPolicy(name, attempts, backoff, maxDurationNanos, failures, resultFailure);
    }

    /** This policy with another test of results ({@code null}: no result is a failure); everything else shared. */
    public RetryPolicy withResultFailure(Predicate<Object> test) {
        return new RetryPolicy(name, maxAttempts, backoff, maxDurationNanos, failures, test);
    }

    public String name() {
        return name;
    }

    /** The name as users write it in logs and messages: {@code <default>} for the default policy. */
    public String displayName() {
        return name.isEmpty() ? "<default>" : name;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Backoff backoff() {
        return backoff;
    }

    public long maxDurationNanos() {
        return maxDurationNanos;
    }

    public boolean hasMaxDuration() {
        return maxDurationNanos != NO_MAX_DURATION;
    }

    /**
     * Which results count as failures ({@code retry-on-result}, {@code Retry.retryIf}); {@code null} when every
     * result is a success.
     */
    public Predicate<Object> resultFailure() {
        return resultFailure;
    }

    /** The rules that decide whether a failure is retried ({@link FailureRules}). */
    public FailureRules failures() {
        return failures;
    }

    /**
     * Whether a failure of an idempotent call may be retried: it is an instance of a {@code retry-on} type and of no
     * {@code abort-on} type, and neither its {@link RetryAdvice} nor the HTTP rules refuse it.
     */
    public boolean isRetryable(Throwable failure) {
        return failures.classify(failure, true).retry();
    }
}
