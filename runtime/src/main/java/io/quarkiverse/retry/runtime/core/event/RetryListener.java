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

    // ---------------------------------------------------------------- call-scoped events (tracing)

    /**
     * Whether this listener keeps state per call ({@link #callStarting()}): the engine then hands that state to the
     * call-scoped methods below. Consumers that only count (logs, metrics) leave it {@code false} and cost nothing
     * per call.
     */
    default boolean observesCalls() {
        return false;
    }

    /**
     * A call starts, on the caller's thread, before its first attempt.
     *
     * @return this listener's state for the call (for example the caller's trace context), {@code null} for none
     */
    default Object callStarting() {
        return null;
    }

    /**
     * An attempt starts, on the thread that runs it; what it returns is handed to {@link #attemptEnded} on the same
     * thread once the method returned (and, for a {@code Uni}, its result was subscribed).
     *
     * @param call the state {@link #callStarting()} returned
     * @param attempt 1 for the first attempt
     * @return for example the scope of a context made current, {@code null} for none
     */
    default Object attemptStarting(Object call, int attempt) {
        return null;
    }

    /** The attempt started with {@link #attemptStarting} returned. */
    default void attemptEnded(Object call, Object scope) {
    }

    /** {@link #retryScheduled(int, long, Throwable)} with the call's state. */
    default void retryScheduled(Object call, int attempt, long delayNanos, Throwable failure) {
        retryScheduled(attempt, delayNanos, failure);
    }

    /** {@link #callFinished(RetryOutcome, boolean, int, Throwable)} with the call's state. */
    default void callFinished(Object call, RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
        callFinished(outcome, retried, attempts, failure);
    }
}
