package io.quarkiverse.retry;

/**
 * How a retried call ended. Every call ends exactly once, with one of these outcomes; logs, events and metrics
 * report it. {@link #tag()} is the lower-case form used as a metric tag and span attribute value.
 */
public enum RetryOutcome {

    /** An attempt succeeded (the first one, or a retry). */
    SUCCESS("success"),
    /**
     * The failure is not retried by the policy: not an instance of a {@code retry-on} type, or an instance of an
     * {@code abort-on} type (also a failure a synchronous caller cannot wait for, on a thread that must not block).
     */
    NOT_RETRYABLE("not_retryable"),
    /** Every attempt failed: {@code max-attempts} reached. */
    EXHAUSTED("exhausted"),
    /** The next wait would have ended past {@code max-duration}. */
    MAX_DURATION("max_duration"),
    /** The retry budget refused the retry. */
    BUDGET_DENIED("budget_denied"),
    /** The policy's circuit breaker is open: the attempt (or the retry) was refused without calling the method. */
    CIRCUIT_OPEN("circuit_open"),
    /**
     * The sequence was stopped from outside: a synchronous wait was interrupted, a {@code Uni} subscription was
     * cancelled, or the returned {@code CompletionStage} was completed or cancelled by the caller.
     */
    INTERRUPTED("interrupted");

    private final String tag;

    RetryOutcome(String tag) {
        this.tag = tag;
    }

    /** The outcome in lower case with underscores, for example {@code budget_denied}. */
    public String tag() {
        return tag;
    }
}
