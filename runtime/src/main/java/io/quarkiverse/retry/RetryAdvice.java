package io.quarkiverse.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a failure says about being retried: nothing ({@link #NONE}, the policy decides), "retry" (optionally after a
 * given wait, as an HTTP {@code Retry-After} header asks), or "do not retry". Given by a failure that implements
 * {@link RetryAdvised}, or by a {@link FailureClassifier} bean for failures it does not own.
 * <p>
 * Advice never overrides the policy's class rules: a failure in {@code abort-on}, or not in {@code retry-on}, is not
 * retried whatever it says. A retry it asks for still goes through the retry budget, the circuit breaker,
 * {@code max-attempts} and {@code max-duration}; a wait it asks for replaces the computed backoff (without jitter),
 * and a wait longer than {@code max-delay} ends the call at once.
 */
public final class RetryAdvice {

    /** What the advice asks for. */
    public enum Kind {
        /** No opinion: the policy decides. */
        NONE,
        /** Retry (after {@link #delay()} when given). */
        RETRY,
        /** Do not retry: the call ends with this failure. */
        DO_NOT_RETRY
    }

    /** No opinion: the policy decides. */
    public static final RetryAdvice NONE = new RetryAdvice(Kind.NONE, null, null);

    private static final RetryAdvice RETRY = new RetryAdvice(Kind.RETRY, null, null);

    private final Kind kind;
    private final Duration delay;
    private final String reason;

    private RetryAdvice(Kind kind, Duration delay, String reason) {
        this.kind = kind;
        this.delay = delay;
        this.reason = reason;
    }

    /** Retry, after the wait the policy computes. */
    public static RetryAdvice retry() {
        return RETRY;
    }

    /**
     * Retry after exactly {@code delay}, instead of the computed backoff.
     *
     * @param reason where the delay comes from, for messages (for example {@code Retry-After: 2})
     */
    public static RetryAdvice retryAfter(Duration delay, String reason) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("A retry delay must not be negative: " + delay);
        }
        return new RetryAdvice(Kind.RETRY, delay, reason);
    }

    /**
     * Do not retry.
     *
     * @param reason why, for logs and messages (for example {@code HTTP 404 is not in retry-on-status})
     */
    public static RetryAdvice doNotRetry(String reason) {
        return new RetryAdvice(Kind.DO_NOT_RETRY, null, Objects.requireNonNull(reason, "reason"));
    }

    public Kind kind() {
        return kind;
    }

    /** The wait asked for, if any. */
    public Optional<Duration> delay() {
        return Optional.ofNullable(delay);
    }

    /** Why, when given. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return kind + (delay == null ? "" : " after " + delay) + (reason == null ? "" : " (" + reason + ")");
    }
}
