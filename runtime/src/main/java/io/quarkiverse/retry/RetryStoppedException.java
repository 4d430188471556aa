package io.quarkiverse.retry;

import java.util.Optional;

/**
 * A note attached, as a suppressed exception, to the final failure of a call whose retries were stopped early: by the
 * retry budget, by an open circuit breaker, because the next wait would have ended past {@code max-duration}, or
 * because the failure asked for a wait longer than {@code max-delay} (an HTTP {@code Retry-After}). Its
 * message names the reason and the numbers behind it. It is never thrown by itself and has no stack trace: the final
 * failure is still the exception of the last attempt (or the {@link CircuitBreakerOpenException} of a refused one).
 *
 * <pre>
 * catch (IOException e) {
 *     RetryStoppedException.of(e).ifPresent(stop -&gt; log.warn("no retries left: " + stop.getMessage()));
 * }
 * </pre>
 */
public class RetryStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RetryOutcome outcome;
    private final String reason;

    /**
     * @param outcome why the retries stopped
     * @param method the method (or operation) as {@code Class#method}
     * @param attempt the attempt after which the retries stopped, 1 for the first
     * @param maxAttempts the policy's {@code max-attempts}
     * @param reason the reason with its numbers, for example {@code retry budget shared is exhausted (...)}
     */
    public RetryStoppedException(RetryOutcome outcome, String method, int attempt, int maxAttempts, String reason) {
        super("Retries of " + method + " stopped after attempt " + attempt + "/" + maxAttempts + ": " + reason, null,
                false, false);
        this.outcome = outcome;
        this.reason = reason;
    }

    /**
     * Why the retries stopped: {@link RetryOutcome#BUDGET_DENIED}, {@link RetryOutcome#CIRCUIT_OPEN} or
     * {@link RetryOutcome#MAX_DURATION}.
     */
    public RetryOutcome getOutcome() {
        return outcome;
    }

    /** The reason and its numbers, without the method and attempt (the message has both). */
    public String getReason() {
        return reason;
    }

    /** The note among the suppressed exceptions of {@code failure}, if its retries were stopped early. */
    public static Optional<RetryStoppedException> of(Throwable failure) {
        if (failure != null) {
            for (Throwable suppressed : failure.getSuppressed()) {
                if (suppressed instanceof RetryStoppedException) {
                    return Optional.of((RetryStoppedException) suppressed);
                }
            }
        }
        return Optional.empty();
    }
}
