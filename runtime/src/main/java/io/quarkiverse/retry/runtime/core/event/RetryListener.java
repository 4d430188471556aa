package io.quarkiverse.retry.runtime.core.event;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.budget.RetryBudget;

/**
 * What happens to the calls of one retried method (or programmatic operation). {@link RetryEvents#forMethod} creates
 * one per method at startup, so a consumer resolves what it needs (log fields, meters) once, not per call.
 * <p>
 * Threading: called on the thread that ran the attempt, the decision or the cancellation; calls of one method run
 * concurrently, so an implementation must be thread-safe. Within one call the events are ordered and never overlap.
 * Implementations must be quick, must not block and must not throw. Every method has an empty default, and the
 * success path of a call reports only {@link #callFinished}: a consumer that ignores successes costs nothing there.
 */
public interface RetryListener {

    /** Ignores everything. */
    RetryListener NONE = new RetryListener() {
    };

    /**
     * A retry was decided: the next attempt starts after {@code delayNanos} (after jitter; {@code 0} retries at
     * once).
     *
     * @param attempt the attempt that failed, 1 for the first
     * @param failure its failure
     */
    default void retryScheduled(int attempt, long delayNanos, Throwable failure) {
    }

    /**
     * The retry budget refused a retry; the call ends with {@link RetryOutcome#BUDGET_DENIED} right after.
     *
     * @param attempt the attempt that failed, 1 for the first
     */
    default void budgetDenied(RetryBudget budget, int attempt, Throwable failure) {
    }

    /**
     * A call ended; reported exactly once per call.
     *
     * @param outcome why it ended
     * @param retried whether at least one retry was scheduled
     * @param attempts how many attempts invoked the method (an attempt refused by an open circuit breaker does not
     *        count)
     * @param failure the failure of the last attempt, or {@code null} when the call succeeded or was cancelled
     *        before an attempt failed
     */
    default void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
    }
}
