package io.quarkiverse.retry.runtime.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * One non-blocking retry sequence, shared by {@code Uni} ({@link UniRetryCall}) and {@code CompletionStage}
 * ({@link CompletionStageRetryCall}) calls: subclasses only say how an attempt's result is awaited, how the outcome
 * is delivered and how the call is stopped from outside.
 * <p>
 * Threading contract:
 * <ul>
 * <li>The first attempt runs on the caller's thread, in {@link #begin()}. A later attempt runs on the thread that
 * ends the wait before it: a timer callback on the caller's Vert.x context (Mutiny's worker pool for callers without
 * one, with the caller's propagated context), or in place for a zero wait on the caller's context.</li>
 * <li>Attempts never overlap: the next one starts only after the previous one failed and its wait elapsed. Zero-wait
 * retries of attempts that fail synchronously run in a loop rather than recursively (the {@code wip} counter is the
 * usual work-in-progress trampoline), so a long sequence cannot overflow the stack.</li>
 * <li>Only a cancellation (or an outside completion of the returned future) comes from another thread. The call is
 * ended exactly once: whoever {@link #claim() claims} it reports the outcome, so a cancellation racing the last
 * attempt yields either the outcome or the cancellation, never both.</li>
 * </ul>
 * Why the first attempt is called the way it is (side by side, no allocation on success): see
 * {@code benchmarks/README.md}.
 */
abstract class AsyncRetryCall extends RetryCall implements Runnable, RetryShutdown.Waiting {

    private static final VarHandle WIP;
    private static final VarHandle TIMER;
    private static final VarHandle ENDED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WIP = lookup.findVarHandle(AsyncRetryCall.class, "wip", int.class);
            TIMER = lookup.findVarHandle(AsyncRetryCall.class, "timer", Cancellable.class);
            ENDED = lookup.findVarHandle(AsyncRetryCall.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Invoker.OnTarget invoker;
    /**
     * Whether the policy tests results ({@link #rejected}); read before calling it so that the success path of a
     * policy without {@code retry-on-result} stays one field read, nothing the JIT has to inline.
     */
    final boolean testsResults;
    private final Object target;
    /**
     * The caller's execution context ({@link DelayScheduler#captureContext()}), or {@code null}; captured on the
     * caller's thread, but only once a call needs it (a wait, or an attempt that completes later), with {@link #task}.
     */
    private Object context;
    private boolean captured;
    /** What timers run: this call, or this call wrapped in the caller's propagated context; {@code null} until then. */
    private Runnable task;
    @SuppressWarnings("unused") // through WIP
    private volatile int wip;
    @SuppressWarnings("unused") // through TIMER
    private volatile Cancellable timer;
    /** The call was ended (its outcome reported), see {@link #claim()}. */
    volatile boolean ended;

    AsyncRetryCall(Retrier retrier, Invoker.OnTarget invoker, Object target) {
        super(retrier);
        this.testsResults = retrier.policy().resultFailure() != null;
        this.invoker = invoker;
        this.target = target;
    }

    @Override
    final boolean blocks() {
        return false;
    }

    /** Starts the first attempt on the calling thread. */
    final void begin() {
        start = retrier.startTime();
        retrier.deposit();
        trace = retrier.listener().callStarting();
        if (isStopped()) { // a subscriber may cancel in onSubscribe
            endCancelled();
            return;
        }
        // nothing else can run an attempt yet: enter the drain loop with one plain store
        WIP.setRelease(this, 1);
        // the same dispatch as runAttempt(), written out: one call level fewer (see benchmarks/README.md)
        int p = retrier.acquire();
        if (p == CircuitBreaker.REFUSED) {
            refused();
        } else {
            permit = p;
            attempts = 1;
            RetryListener listener = retrier.listener();
            Object scope = listener.attemptStarting(trace, 1);
            Object result = invoke();
            if (result instanceof Thrown) {
                listener.attemptEnded(trace, scope);
                failed(((Thrown) result).failure());
            } else {
                await(result);
                listener.attemptEnded(trace, scope);
            }
        }
        if (isStopped()) {
            // over already, the usual case: the counter may stay as it is (see benchmarks/README.md)
            if (!ended) {
                endCancelled();
            }
            return;
        }
        while ((int) WIP.getAndAdd(this, -1) - 1 != 0) {
            runAttempt();
        }
    }

    /**
     * Timer callback: the wait is over. Each wait is registered with the application's {@link RetryShutdown}; when the
     * shutdown took it first, it ends the call itself ({@link #stopWaiting()}) and this does nothing.
     */
    @Override
    public final void run() {
        if (retrier.shutdown().unregister(this)) {
            wake();
        }
    }

    /** The application is stopping while this call waits: removes the timer and ends the call now. */
    @Override
    public final void stopWaiting() {
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        wake(); // the next attempt is refused: the call ends with its last failure and the note
    }

    private void wake() {
        try {
            drain();
        } catch (Throwable unexpected) {
            crashed(unexpected);
        }
    }

    /**
     * Something failed outside the attempts (a subscription or a scheduler that throws): where it happened (a timer,
     * a subscriber callback) nobody would see it and the call would never complete, so the call ends with it, the
     * last attempt's failure suppressed.
     */
    final void crashed(Throwable unexpected) {
        if (lastFailure != null && lastFailure != unexpected && !(lastFailure instanceof FailedResult)) {
            unexpected.addSuppressed(lastFailure);
        }
        outcome = RetryOutcome.NOT_RETRYABLE;
        lastFailure = unexpected;
        result = unexpected;
        end();
    }

    private void drain() {
        if ((int) WIP.getAndAdd(this, 1) != 0) {
            return;
        }
        do {
            runAttempt();
        } while ((int) WIP.getAndAdd(this, -1) - 1 != 0);
    }

    private void runAttempt() {
        if (isStopped()) {
            endCancelled();
            return;
        }
        if (!retrier.beforeRetry(this)) {
            end();
            return;
        }
        RetryListener listener = retrier.listener();
        Object scope = listener.attemptStarting(trace, attempts);
        Object result = invoke();
        if (result instanceof Thrown) {
            listener.attemptEnded(trace, scope);
            failed(((Thrown) result).failure());
        } else {
            await(result);
            listener.attemptEnded(trace, scope);
        }
    }

    private void refused() {
        Throwable refused = retrier.openException();
        outcome = RetryOutcome.CIRCUIT_OPEN;
        lastFailure = refused;
        result = refused;
        end();
    }

    /**
     * Invokes the method. Returns its result (for {@link #await(Object)}), or a {@link Thrown} when it threw or
     * returned {@code null}.
     */
    private Object invoke() {
        Object attempt;
        try {
            attempt = invoker.invoke(target);
        } catch (Throwable t) {
            return new Thrown(t); // returned, not handled here: see benchmarks/README.md
        }
        if (attempt == null) {
            return new Thrown(new NullPointerException(retrier.method() + " returned null instead of a "
                    + (this instanceof UniRetryCall ? "Uni" : "CompletionStage")));
        }
        return attempt;
    }

    /** An attempt that threw or returned {@code null} (see {@link #invoke()}). */
    private record Thrown(Throwable failure) {
    }

    /**
     * Whether the value an attempt delivered is a failure by the policy's test of results; if so the attempt is
     * handled as a failed one ({@link #failed}) and the subclass must not deliver the value.
     */
    final boolean rejected(Object value) {
        Throwable failure = retrier.resultFailed(value);
        if (failure == null) {
            return false;
        }
        failed(failure);
        return true;
    }

    /**
     * The current attempt succeeded: reports it and returns whether the subclass delivers the result ({@code false}
     * when the call was cancelled or completed from outside meanwhile).
     */
    final boolean succeeded() {
        retrier.afterSuccess(permit);
        if (!claim()) {
            return false;
        }
        if (isCancelled()) {
            retrier.cancelled(this);
            return false;
        }
        retrier.listener().callFinished(trace, RetryOutcome.SUCCESS, retried, attempts, null);
        return true;
    }

    /** Called once per failed attempt; must not be called again for the same attempt. */
    final void failed(Throwable failure) {
        try {
            retry(failure);
        } catch (Throwable unexpected) {
            if (unexpected != failure && !(failure instanceof FailedResult)) {
                unexpected.addSuppressed(failure);
            }
            crashed(unexpected);
        }
    }

    private void retry(Throwable failure) {
        retrier.afterAttempt(this, failure);
        if (isStopped()) {
            dropped(failure);
            endCancelled();
            return;
        }
        long delay = retrier.decide(this, failure);
        if (delay == Retrier.STOP) {
            end();
            return;
        }
        DelayScheduler scheduler = retrier.scheduler();
        if (delay == 0 && scheduler.isOnContext(context())) {
            drain();
            return;
        }
        Runnable wakeUp = task();
        beforeWait();
        RetryShutdown shutdown = retrier.shutdown();
        shutdown.register(this);
        // The timer may fire, and the next attempt fail and schedule another timer, before schedule() returns:
        // only store this handle if nothing newer was stored meanwhile.
        Cancellable previous = timer;
        Cancellable handle = scheduler.schedule(context, delay, wakeUp);
        TIMER.compareAndSet(this, previous, handle);
        timerScheduled();
        if (isStopped()) {
            handle.cancel();
            shutdown.unregister(this);
            // a cancellation that came before the call could be reached (a Uni is attached only in beforeWait())
            // found nothing to end: the sequence ends the call (claim() decides if the cancellation did too)
            endCancelled();
        } else if (shutdown.isStopping() && shutdown.unregister(this)) {
            // the shutdown began while this wait was being scheduled, and has not seen it
            handle.cancel();
            wake();
        }
    }

    /**
     * What timers run. For a caller without an execution context the wait ends on a worker thread, so the task
     * carries the caller's propagated context (for example its CDI request context); it is made on the caller's
     * thread: here on a first synchronous failure, or in {@link #leavingCallerThread()} before an attempt that
     * completes later.
     */
    private Runnable task() {
        Runnable t = task;
        if (t == null) {
            t = task = context() == null ? retrier.scheduler().propagating(this) : this;
        }
        return t;
    }

    /** The caller's execution context, captured on first need (on the caller's thread, see {@link #task()}). */
    private Object context() {
        if (!captured) {
            context = retrier.scheduler().captureContext();
            captured = true;
        }
        return context;
    }

    /** An attempt may complete on another thread: capture what a later wait needs while still on this thread. */
    final void leavingCallerThread() {
        if (task == null) {
            task();
        }
    }

    /** The engine stopped the sequence ({@code outcome} and {@code result} are set): ends the call. */
    final void end() {
        if (!claim()) {
            return;
        }
        if (isCancelled()) {
            dropped(lastFailure);
            retrier.cancelled(this);
        } else {
            Throwable outcome = retrier.report(this);
            if (outcome instanceof FailedResult failedResult) {
                deliverResult(failedResult.result()); // the sequence ended on a result: the caller gets it
            } else {
                deliverFailure(outcome);
            }
        }
    }

    /** The sequence found itself stopped from outside: ends the call with a cancellation, unless it is over. */
    final void endCancelled() {
        if (claim()) {
            retrier.cancelled(this);
        }
    }

    /**
     * Takes the right to end the call; {@code true} exactly once. While nothing outside can reach the call (see
     * {@link #contended()}), a plain store is enough; otherwise a compare-and-set decides between this thread and a
     * cancellation.
     */
    final boolean claim() {
        if (!contended()) {
            if (ended) {
                return false;
            }
            ENDED.setRelease(this, true);
            return true;
        }
        return ENDED.compareAndSet(this, false, true);
    }

    /** The call was cancelled: removes the pending timer (and its registration with the shutdown). */
    final void cancelTimer() {
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        retrier.shutdown().unregister(this);
    }

    /** Called before each timer is scheduled (the wait may be cancelled from then on; failure path only). */
    void beforeWait() {
    }

    /** Called after each timer is scheduled (on the failure path only). */
    void timerScheduled() {
    }

    /** A failure that nobody will receive, because the call was cancelled. */
    void dropped(Throwable failure) {
    }

    /** Subscribes to the (non-null) result of an attempt and reports its outcome. */
    abstract void await(Object result);

    /** Delivers the final failure. */
    abstract void deliverFailure(Throwable failure);

    /** Delivers the last result of a sequence that ended on a result the policy counts as a failure. */
    abstract void deliverResult(Object value);

    /** Whether the sequence is over (ended, cancelled, or completed from outside): no further attempt may start. */
    abstract boolean isStopped();

    /** Whether the call was cancelled (or completed) from outside. */
    abstract boolean isCancelled();

    /** Whether a cancellation from another thread may now try to end the call too. */
    abstract boolean contended();
}
