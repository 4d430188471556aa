package io.quarkiverse.retry.runtime.core;

import java.util.ArrayList;
import java.util.List;

import io.quarkiverse.retry.RetryOutcome;

/**
 * The state of one call's retry sequence: what the engine's decision ({@link Retrier#decide}) reads and updates.
 * One subclass per way of running the attempts: {@link SyncRetryCall} (a loop on the caller's thread) and
 * {@link AsyncRetryCall} (shared by {@code Uni} and {@code CompletionStage}).
 * <p>
 * Threading: attempts of one call never overlap, and these fields are only touched by the thread that runs the
 * current attempt or decision; the hand-off to the next attempt (a timer, an executor, a subscription callback)
 * publishes them. Only a cancellation may come from another thread, and subclasses handle it.
 */
abstract class RetryCall {

    final Retrier retrier;
    /** Start of the first attempt, for max-duration ({@code 0} without one). */
    long start;
    /** The previous wait; negative before the first retry (decorrelated jitter reads the base delay then). */
    long previousDelay = -1;
    /** Attempts that invoked the method so far. */
    int attempts;
    /** The circuit breaker permit of the current attempt. */
    int permit;
    /** Whether a retry was scheduled. */
    boolean retried;
    /**
     * The failures of earlier attempts, oldest first: the first in a field, the others in a list created only for a
     * second distinct failure (a call that succeeds on its first retry allocates no list).
     */
    private Throwable first;
    private List<Throwable> more;
    private Throwable last;
    /** The listener's state for this call ({@link io.quarkiverse.retry.runtime.core.event.RetryListener#callStarting()}). */
    Object trace;
    /** The verdict of {@link FailureRules} on {@link #verdictFor}, the current attempt's failure. */
    Verdict verdict;
    Throwable verdictFor;
    /** Once the engine stopped the sequence: why. */
    RetryOutcome outcome;
    /** Once the engine stopped the sequence: the failure of the last attempt (what logs and events report). */
    Throwable lastFailure;
    /** Once the engine stopped the sequence: what the caller gets (the last failure, or a refusal). */
    Throwable result;

    RetryCall(Retrier retrier) {
        this.retrier = retrier;
    }

    /** Whether waits of this call block its thread (synchronous calls). */
    abstract boolean blocks();

    /** Remembers the failure of an attempt that is retried, for the final failure's suppressed list. */
    final void remember(Throwable failure) {
        last = failure;
        if (failure instanceof FailedResult) {
            return; // a result is not an exception to attach to the final failure
        }
        if (first == null) {
            first = failure;
        } else if (failure != first && (more == null || !more.contains(failure))) {
            if (more == null) {
                more = new ArrayList<>(4);
            }
            more.add(failure);
        }
    }

    /** The last failure remembered, {@code null} before the first retry. */
    final Throwable lastRemembered() {
        return last;
    }

    /** Attaches the remembered failures to {@code result} as suppressed exceptions (but itself), and returns it. */
    final Throwable attachEarlier(Throwable result) {
        if (first != null) {
            attach(result, first);
            if (more != null) {
                for (Throwable previous : more) {
                    attach(result, previous);
                }
            }
        }
        return result;
    }

    private static void attach(Throwable result, Throwable previous) {
        if (previous == result) {
            return;
        }
        for (Throwable suppressed : result.getSuppressed()) {
            if (suppressed == previous) {
                return;
            }
        }
        result.addSuppressed(previous);
    }

    /** Forgets one remembered failure (it became the call's result). */
    final void forget(Throwable failure) {
        if (first == failure) {
            first = null;
            if (more != null && !more.isEmpty()) {
                first = more.remove(0);
            }
        } else if (more != null) {
            more.remove(failure);
        }
    }

    /** Forgets the remembered failures (they were attached elsewhere). */
    final void forgetEarlier() {
        first = null;
        more = null;
    }
}
