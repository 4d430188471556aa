package io.quarkiverse.retry.runtime.core;

import java.util.concurrent.locks.LockSupport;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.core.event.RetryListener;

/**
 * The retry loop of a synchronous call, from its first failure on; the first attempt ran in
 * {@link Retrier#callSync} (so that a call that succeeds at once creates no object). Waits sleep on the caller's
 * thread; an interrupt ends the sequence with the last failure and keeps the thread's interrupt flag, and the
 * application's shutdown ({@link RetryShutdown}) ends the wait at once.
 * <p>
 * Threading: confined to the calling thread.
 */
final class SyncRetryCall extends RetryCall implements RetryShutdown.Waiting {

    /** The thread waiting to retry, while it waits. */
    private volatile Thread sleeper;

    /**
     * @param start the start of the first attempt ({@link Retrier#startTime()})
     * @param permit the breaker permit the first attempt used
     * @param trace the listener's state for the call
     */
    SyncRetryCall(Retrier retrier, long start, int permit, Object trace) {
        super(retrier);
        this.start = start;
        this.permit = permit;
        this.attempts = 1;
        this.trace = trace;
    }

    @Override
    boolean blocks() {
        return true;
    }

    /** Retries after the first attempt failed with {@code firstFailure}; returns a result or throws. */
    Object retry(Invoker.OnTarget invoker, Object target, Throwable firstFailure) throws Exception {
        Throwable failure = firstFailure;
        while (true) {
            long delay = retrier.decide(this, failure);
            if (delay == Retrier.STOP) {
                return resultOrThrow(retrier.report(this));
            }
            if (delay > 0) {
                try {
                    sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return resultOrThrow(retrier.interrupted(this, failure));
                }
            }
            if (!retrier.beforeRetry(this)) {
                return resultOrThrow(retrier.report(this));
            }
            RetryListener listener = retrier.listener();
            Object scope = listener.attemptStarting(trace, attempts);
            Object result;
            try {
                result = invoker.invoke(target);
            } catch (Throwable t) {
                listener.attemptEnded(trace, scope);
                retrier.afterAttempt(this, t);
                failure = t;
                continue;
            }
            listener.attemptEnded(trace, scope);
            Throwable failed = retrier.resultFailed(result);
            if (failed != null) {
                retrier.afterAttempt(this, failed);
                failure = failed;
                continue;
            }
            retrier.afterSuccess(permit);
            listener.callFinished(trace, RetryOutcome.SUCCESS, retried, attempts, null);
            return result;
        }
    }

    /**
     * Waits {@code delayNanos} on the caller's thread, or less when the application stops meanwhile (then the next
     * {@link Retrier#beforeRetry} ends the call). An interrupt ends the wait with an {@link InterruptedException}, the
     * thread's flag cleared, as {@code Thread.sleep} would.
     */
    private void sleep(long delayNanos) throws InterruptedException {
        RetryShutdown shutdown = retrier.shutdown();
        sleeper = Thread.currentThread();
        shutdown.register(this);
        try {
            long start = System.nanoTime();
            while (!shutdown.isStopping()) {
                long left = delayNanos - (System.nanoTime() - start); // a difference: no overflow for huge waits
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            shutdown.unregister(this);
            sleeper = null;
        }
    }

    /** The application is stopping: wakes the waiting thread. */
    @Override
    public void stopWaiting() {
        Thread waiting = sleeper;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** What a stopped sequence gives its caller: the last result when it ended on one, otherwise a throw. */
    private static Object resultOrThrow(Throwable outcome) {
        if (outcome instanceof FailedResult failedResult) {
            return failedResult.result();
        }
        throw Retrier.sneakyThrow(outcome);
    }
}
