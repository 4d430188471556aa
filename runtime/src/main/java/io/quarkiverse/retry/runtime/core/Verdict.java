package io.quarkiverse.retry.runtime.core;

/**
 * What {@link FailureRules} make of one failure.
 *
 * @param retry whether the failure may be retried (the budget, the breaker and the limits still decide)
 * @param delayNanos the wait the failure asks for (a {@code Retry-After} header, {@link io.quarkiverse.retry.RetryAdvice}),
 *        replacing the computed backoff; {@code -1} for the computed backoff
 * @param reason why, when a rule beyond {@code retry-on}/{@code abort-on} decided (for messages); may be {@code null}
 * @param explained whether a failure that is not retried gets the reason attached (a
 *        {@link io.quarkiverse.retry.RetryStoppedException}), for a rule a user would not guess from the failure alone
 */
public record Verdict(boolean retry, long delayNanos, String reason, boolean explained) {

    public Verdict(boolean retry, long delayNanos, String reason) {
        this(retry, delayNanos, reason, false);
    }

    /** Retried after the computed backoff. */
    public static final Verdict RETRY = new Verdict(true, -1, null);
    /** Not retried, by {@code retry-on}/{@code abort-on}. */
    public static final Verdict NOT_RETRYABLE = new Verdict(false, -1, null);

    static Verdict no(String reason) {
        return new Verdict(false, -1, reason);
    }
}
