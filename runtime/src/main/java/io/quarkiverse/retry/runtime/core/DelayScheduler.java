package io.quarkiverse.retry.runtime.core;

import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Runs the next attempt of a non-blocking retry sequence after a wait, without blocking a thread, and on the
 * caller's execution context (for example its Vert.x duplicated context) when it had one.
 * <p>
 * Threading: one scheduler serves every call of the application; every method may be called from any thread.
 */
public interface DelayScheduler {

    /**
     * The caller's execution context, or {@code null} if it has none. Called once per call: must be cheap and must
     * not allocate.
     */
    Object captureContext();

    /**
     * Whether the current thread already runs on {@code context} ({@code true} for a {@code null} context), so a
     * zero-wait retry may run in place.
     */
    boolean isOnContext(Object context);

    /**
     * For a caller without an execution context ({@link #captureContext()} returned {@code null}), whose waits end on
     * some worker thread: {@code task} wrapped so that it runs with the context the calling thread propagates (for
     * example its CDI request context, through MicroProfile Context Propagation). Called on the caller's thread, at
     * most once per call and only when the call has to wait. The default propagates nothing.
     */
    default Runnable propagating(Runnable task) {
        return task;
    }

    /**
     * Runs {@code task} once after {@code delayNanos} (zero or more), on {@code context} when it is not {@code null}.
     *
     * @return a handle that cancels the task if it has not started; cancelling removes the timer
     */
    Cancellable schedule(Object context, long delayNanos, Runnable task);
}
