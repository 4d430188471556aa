package io.quarkiverse.retry.runtime.core;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.subscription.Cancellable;

/**
 * State of one non-blocking retry sequence. Attempts never overlap: the next one starts only after the previous
 * one failed (and its wait elapsed). Zero-wait retries of attempts that fail synchronously are run in a loop rather
 * than recursively (the inherited counter is the usual work-in-progress trampoline), so a long sequence cannot
 * overflow the stack.
 */
abstract class AsyncRetryCall extends AtomicInteger implements Runnable {

    final Retrier retrier;
    private final Invoker.OnTarget invoker;
    private final Object target;
    private Object context;
    private long start;
    private long previousDelay;
    private int attempt;
    private int permit;
    private List<Throwable> earlier;
    private volatile Cancellable timer;
    private static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<AsyncRetryCall, Cancellable> TIMER = java.util.concurrent.atomic.AtomicReferenceFieldUpdater
            .newUpdater(AsyncRetryCall.class, Cancellable.class, "timer");

    AsyncRetryCall(Retrier retrier, Invoker.OnTarget invoker, Object target) {
        this.retrier = retrier;
        this.invoker = invoker;
        this.target = target;
    }

    /** Starts the first attempt on the calling thread. */
    final void begin() {
        context = retrier.scheduler().captureContext();
        start = retrier.startTime();
        previousDelay = -1; // the base delay, read on the first failure only
        retrier.deposit();
        // nothing else can run an attempt yet: enter the drain loop with one atomic operation instead of two
        lazySet(1);
        // attempt() and await() are called side by side rather than nested, and a failure reaches failed() only
        // through a branch the JIT sees never taken on a healthy path: the call chain from the subscriber to the
        // method stays shallow enough to be inlined whole, and this object never escapes into a call the JIT cannot
        // see through, so it and the subscriber's own objects can be scalar-replaced (runAttempt() is the same
        // dispatch for later attempts, kept apart on purpose: calling it here would add a call level)
        Object result = isStopped() ? null : attempt(); // a subscriber may cancel in onSubscribe
        if (result instanceof Thrown) {
            failed(((Thrown) result).failure);
        } else if (result != null) {
            await(result);
        }
        if (isStopped()) {
            // completed (or cancelled) already, the usual case: nothing can run another attempt any more, so the
            // counter may stay as it is, which saves an atomic operation per call
            return;
        }
        while (decrementAndGet() != 0) {
            runAttempt();
        }
    }

    /** Timer callback: the wait is over. */
    @Override
    public final void run() {
        drain();
    }

    private void drain() {
        if (getAndIncrement() != 0) {
            return;
        }
        do {
            runAttempt();
        } while (decrementAndGet() != 0);
    }

    private void runAttempt() {
        if (isStopped()) {
            return;
        }
        Object result = attempt();
        if (result instanceof Thrown) {
            failed(((Thrown) result).failure);
        } else if (result != null) {
            await(result);
        }
    }

    /**
     * Invokes the method once more. Returns its result (for {@link #await(Object)}), a {@link Thrown} when it threw
     * or returned {@code null}, or {@code null} when the breaker refused the attempt (the sequence is over then).
     */
    private Object attempt() {
        attempt++;
        permit = retrier.acquire();
        if (permit == io.quarkiverse.retry.runtime.breaker.CircuitBreaker.REFUSED) {
            terminate(Retrier.withEarlier(retrier.openException(), earlier));
            return null;
        }
        Object result;
        try {
            result = invoker.invoke(target);
        } catch (Throwable t) {
            // no call that takes this object here: the JIT keeps exception handlers it never saw run
            return new Thrown(t);
        }
        if (result == null) {
            return new Thrown(new NullPointerException(retrier.method() + " returned null instead of a "
                    + (this instanceof UniRetryCall ? "Uni" : "CompletionStage")));
        }
        return result;
    }

    /** An attempt that threw or returned {@code null} (see {@link #attempt()}). */
    private static final class Thrown {
        final Throwable failure;

        Thrown(Throwable failure) {
            this.failure = failure;
        }
    }

    /** The current attempt succeeded; the subclass delivers the result. */
    final void succeeded() {
        retrier.afterAttempt(permit, null);
    }

    /** Called once per failed attempt; must not be called again for the same attempt. */
    final void failed(Throwable failure) {
        retrier.afterAttempt(permit, failure);
        if (isStopped()) {
            return;
        }
        if (previousDelay < 0) {
            previousDelay = retrier.policy().backoff().baseNanos();
        }
        long delay = retrier.nextDelay(failure, attempt, previousDelay, start);
        if (delay == Retrier.STOP) {
            terminate(Retrier.withEarlier(failure, earlier));
            return;
        }
        if (delay == Retrier.BREAKER_OPEN) {
            terminate(retrier.refused(failure, earlier));
            return;
        }
        RetryLog.retrying(retrier.method(), retrier.policy(), attempt, failure, delay);
        earlier = Retrier.remember(earlier, failure);
        previousDelay = delay;
        DelayScheduler scheduler = retrier.scheduler();
        if (delay == 0 && scheduler.isOnContext(context)) {
            drain();
        } else {
            beforeWait();
            // The timer may fire, and the next attempt fail and schedule another timer, before schedule() returns:
            // only store this handle if nothing newer was stored meanwhile.
            Cancellable previous = timer;
            Cancellable handle = scheduler.schedule(context, delay, this);
            TIMER.compareAndSet(this, previous, handle);
            timerScheduled();
            if (isStopped()) {
                handle.cancel();
            }
        }
    }

    final void cancelTimer() {
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
    }

    /** Called before each timer is scheduled (the wait may be cancelled from then on; failure path only). */
    void beforeWait() {
    }

    /** Called after each timer is scheduled (on the failure path only). */
    void timerScheduled() {
    }

    /** Subscribes to the (non-null) result of an attempt and reports its outcome. */
    abstract void await(Object result);

    /** Ends the sequence with its final failure. */
    abstract void terminate(Throwable failure);

    /** Whether the sequence is over (completed or cancelled): no further attempt may start. */
    abstract boolean isStopped();
}
