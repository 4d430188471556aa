package io.quarkiverse.retry.runtime.core;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The retry engine of one method under one policy. Built once per method at startup and shared by all its calls;
 * the state of a call lives in a {@link RetryCall}.
 * <p>
 * Every failed attempt of every return shape goes through one decision, {@link #decide}, which returns the wait
 * before the next attempt or stops the sequence with a {@link RetryOutcome}, and every call reports to the method's
 * {@link RetryListener}: the retries scheduled, a refusal of the budget, and how the call finished (exactly once).
 * The three shapes only differ in how they run an attempt and wait: {@link SyncRetryCall} loops on the caller's
 * thread, {@link UniRetryCall} and {@link CompletionStageRetryCall} (both {@link AsyncRetryCall}s) wait on timers.
 * <p>
 * Threading: immutable; any number of calls run concurrently.
 */
public final class Retrier {

    /** Returned by {@link #decide} when the sequence is over. */
    static final long STOP = -1;
    /** The permit of an attempt when the policy has no circuit breaker. */
    static final int NO_BREAKER = -1;

    private final String method;
    private final RetryPolicy policy;
    private final DelayScheduler scheduler;
    private final BooleanSupplier blockingAllowed;
    private final LongSupplier clock;
    private final RetryBudget budget;
    private final CircuitBreaker breaker;
    private final FailureTypes breakerFailures;
    private final RetryListener listener;
    private final boolean guarded;
    private final boolean idempotent;
    /** The policy's test of results, {@code null} when every result is a success. */
    private final Predicate<Object> resultFailure;
    /** Whether a result-failure counts against the breaker (otherwise it is ignored by it). */
    private final boolean breakerCountsResults;
    /** Tells when the application is stopping. */
    private final RetryShutdown shutdown;

    /**
     * A method without budget or breaker, reporting to the structured logs.
     *
     * @param method the method as {@code Class#method}, for logs and messages
     * @param scheduler schedules waits of non-blocking calls
     * @param blockingAllowed whether the current thread may sleep (false on a Vert.x event loop)
     * @param clock monotonic nanoseconds, {@code System::nanoTime} in production
     */
    public Retrier(String method, RetryPolicy policy, DelayScheduler scheduler, BooleanSupplier blockingAllowed,
            LongSupplier clock) {
        this(method, policy, scheduler, blockingAllowed, clock, null, null, null);
    }

    /**
     * A method reporting to the structured logs.
     *
     * @param budget the retry budget the policy spends from, or {@code null}
     * @param breaker the policy's circuit breaker, or {@code null}
     * @param breakerFailures the failures that count against the breaker; {@code null} means the retryable ones
     */
    public Retrier(String method, RetryPolicy policy, DelayScheduler scheduler, BooleanSupplier blockingAllowed,
            LongSupplier clock, RetryBudget budget, CircuitBreaker breaker, FailureTypes breakerFailures) {
        this(method, policy, scheduler, blockingAllowed, clock, budget, breaker, breakerFailures, RetryLog.EVENTS);
    }

    /**
     * @param events asked once, here, for the listener of this method
     */
    public Retrier(String method, RetryPolicy policy, DelayScheduler scheduler, BooleanSupplier blockingAllowed,
            LongSupplier clock, RetryBudget budget, CircuitBreaker breaker, FailureTypes breakerFailures,
            RetryEvents events) {
        this(method, policy, scheduler, blockingAllowed, clock, budget, breaker, breakerFailures, events, true);
    }

    /**
     * @param idempotent {@code false} for a call that must not be sent twice unless nothing reached the server (a
     *        {@code POST} or {@code PATCH} REST client method), see {@link FailureRules}
     */
    public Retrier(String method, RetryPolicy policy, DelayScheduler scheduler, BooleanSupplier blockingAllowed,
            LongSupplier clock, RetryBudget budget, CircuitBreaker breaker, FailureTypes breakerFailures,
            RetryEvents events, boolean idempotent) {
        this(method, policy, scheduler, blockingAllowed, clock, budget, breaker, breakerFailures, events, idempotent,
                true);
    }

    /**
     * @param breakerCountsResults whether an attempt whose result is a failure ({@link RetryPolicy#resultFailure()})
     *        counts against the breaker ({@code circuit-breaker.fail-on-result})
     */
    public Retrier(String method, RetryPolicy policy, DelayScheduler scheduler, BooleanSupplier blockingAllowed,
            LongSupplier clock, RetryBudget budget, CircuitBreaker breaker, FailureTypes breakerFailures,
            RetryEvents events, boolean idempotent, boolean breakerCountsResults) {
        this(method, policy, scheduler, blockingAllowed, clock, budget, breaker, breakerFailures, events, idempotent,
                breakerCountsResults, new RetryShutdown());
    }

    /**
     * @param shutdown the application's, whose {@link RetryShutdown#stop()} ends every wait and refuses every further
     *        attempt
     */
    public Retrier(String method, RetryPolicy policy, DelayScheduler scheduler, BooleanSupplier blockingAllowed,
            LongSupplier clock, RetryBudget budget, CircuitBreaker breaker, FailureTypes breakerFailures,
            RetryEvents events, boolean idempotent, boolean breakerCountsResults, RetryShutdown shutdown) {
        this.method = method;
        this.shutdown = shutdown;
        this.resultFailure = policy.resultFailure();
        this.breakerCountsResults = breakerCountsResults;
        this.idempotent = idempotent;
        this.policy = policy;
        this.scheduler = scheduler;
        this.blockingAllowed = blockingAllowed;
        this.clock = clock;
        this.budget = budget;
        this.breaker = breaker;
        this.breakerFailures = breakerFailures;
        this.guarded = budget != null || breaker != null;
        this.listener = events.forMethod(
                new RetryTarget(method, policy, budget, budget == null ? null : budget.tag(), breaker));
    }

    public String method() {
        return method;
    }

    public RetryPolicy policy() {
        return policy;
    }

    public RetryBudget budget() {
        return budget;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Whether the calls are {@code idempotent} (see the constructor). */
    public boolean idempotent() {
        return idempotent;
    }

    /** Whether a result-failure counts against the breaker. */
    public boolean breakerCountsResults() {
        return breakerCountsResults;
    }

    /** Tells when the application is stopping. */
    RetryShutdown shutdown() {
        return shutdown;
    }

    /** The scheduler of the waits of non-blocking calls. */
    public DelayScheduler scheduler() {
        return scheduler;
    }

    RetryListener listener() {
        return listener;
    }

    // ---------------------------------------------------------------- the three shapes

    /**
     * Runs a synchronous call: the first attempt on the calling thread, then, if it fails, the retry loop. Returns
     * the first successful result or throws the final failure, with the earlier failures suppressed.
     */
    public Object callSync(Invoker.OnTarget invoker, Object target) throws Exception {
        if (guarded) {
            return callGuarded(invoker, target);
        }
        long start = startTime();
        Object trace = listener.callStarting();
        Object scope = listener.attemptStarting(trace, 1);
        Object result;
        try {
            result = invoker.invoke(target);
        } catch (Throwable failure) {
            listener.attemptEnded(trace, scope);
            return new SyncRetryCall(this, start, NO_BREAKER, trace).retry(invoker, target, failure);
        }
        listener.attemptEnded(trace, scope);
        if (resultFailure != null) {
            Throwable failed = resultFailed(result);
            if (failed != null) {
                return new SyncRetryCall(this, start, NO_BREAKER, trace).retry(invoker, target, failed);
            }
        }
        listener.callFinished(trace, RetryOutcome.SUCCESS, false, 1, null);
        return result;
    }

    /** {@link #callSync} through a budget and/or a breaker, apart so that the plain path stays small. */
    private Object callGuarded(Invoker.OnTarget invoker, Object target) throws Exception {
        long start = startTime();
        deposit();
        Object trace = listener.callStarting();
        int permit = acquire();
        if (permit == CircuitBreaker.REFUSED) {
            CircuitBreakerOpenException refused = openException();
            listener.callFinished(trace, RetryOutcome.CIRCUIT_OPEN, false, 0, refused);
            throw refused;
        }
        Object scope = listener.attemptStarting(trace, 1);
        Object result;
        try {
            result = invoker.invoke(target);
        } catch (Throwable failure) {
            listener.attemptEnded(trace, scope);
            SyncRetryCall call = new SyncRetryCall(this, start, permit, trace);
            afterAttempt(call, failure);
            return call.retry(invoker, target, failure);
        }
        listener.attemptEnded(trace, scope);
        if (resultFailure != null) {
            Throwable failed = resultFailed(result);
            if (failed != null) {
                SyncRetryCall call = new SyncRetryCall(this, start, permit, trace);
                afterAttempt(call, failed);
                return call.retry(invoker, target, failed);
            }
        }
        afterSuccess(permit);
        listener.callFinished(trace, RetryOutcome.SUCCESS, false, 1, null);
        return result;
    }

    /**
     * Continues a synchronous call whose first attempt, started at {@code start} ({@link #startTime()}), failed with
     * {@code firstFailure}; every further attempt is {@code invoker.invoke()}.
     */
    public Object retrySync(Invoker invoker, Throwable firstFailure, long start) throws Exception {
        return new SyncRetryCall(this, start, NO_BREAKER, null).retry(Invoker.SELF, invoker, firstFailure);
    }

    /** A lazy {@link Uni}: every subscription runs its own retry sequence, each attempt invoking the method again. */
    public <T> Uni<T> retryUni(Invoker invoker) {
        return retryUni(Invoker.SELF, invoker);
    }

    /** As {@link #retryUni(Invoker)}, each attempt being {@code invoker.invoke(target)}. */
    public <T> Uni<T> retryUni(Invoker.OnTarget invoker, Object target) {
        return Infrastructure.onUniCreation(new RetryingUni<>(this, invoker, target));
    }

    /** Starts the sequence now; the returned future completes with the first success or the final failure. */
    public <T> CompletableFuture<T> retryCompletionStage(Invoker invoker) {
        return retryCompletionStage(Invoker.SELF, invoker);
    }

    /** As {@link #retryCompletionStage(Invoker)}, each attempt being {@code invoker.invoke(target)}. */
    public <T> CompletableFuture<T> retryCompletionStage(Invoker.OnTarget invoker, Object target) {
        CompletionStageRetryCall<T> call = new CompletionStageRetryCall<>(this, invoker, target);
        call.begin();
        return call.result;
    }

    // ---------------------------------------------------------------- attempts

    /** Start of the sequence, for {@code max-duration}; {@code 0} (and no clock read) when there is no limit. */
    public long startTime() {
        return policy.hasMaxDuration() ? clock.getAsLong() : 0L;
    }

    /** A call starts: every call deposits into the budget, whatever the breaker says. */
    void deposit() {
        if (budget != null) {
            budget.deposit();
        }
    }

    /** Takes a breaker permit for an attempt: {@link #NO_BREAKER}, a permit, or {@link CircuitBreaker#REFUSED}. */
    int acquire() {
        return breaker == null ? NO_BREAKER : breaker.tryAcquire();
    }

    /**
     * A retry is about to start: takes its breaker permit. Returns {@code false}, the call being over with
     * {@link RetryOutcome#CIRCUIT_OPEN}, when the breaker refuses it; the caller then ends the call with
     * {@link #report}.
     */
    boolean beforeRetry(RetryCall call) {
        if (shutdown.isStopping()) {
            Throwable last = call.lastRemembered();
            last.addSuppressed(note(call, RetryOutcome.INTERRUPTED, RetryShutdown.REASON));
            call.forget(last); // it is the result now, not one of the earlier failures
            stopped(call, RetryOutcome.INTERRUPTED, last, last);
            return false;
        }
        int permit = acquire();
        if (permit == CircuitBreaker.REFUSED) {
            CircuitBreakerOpenException refused = openException();
            refused.addSuppressed(note(call, RetryOutcome.CIRCUIT_OPEN, breakerOpenReason()));
            stopped(call, RetryOutcome.CIRCUIT_OPEN, call.lastRemembered(), refused);
            return false;
        }
        call.permit = permit;
        call.attempts++;
        return true;
    }

    /**
     * Whether the result of an attempt that returned is a failure: {@code null} when it is a success (always, for a
     * policy without a test of results); a {@link FailedResult} when the policy's test says so; what the test threw
     * when it threw (a failure of the attempt like any other).
     */
    Throwable resultFailed(Object result) {
        Predicate<Object> test = resultFailure;
        if (test == null) {
            return null;
        }
        try {
            return test.test(result) ? new FailedResult(result) : null;
        } catch (Throwable thrown) {
            return thrown;
        }
    }

    /** Reports a successful attempt to the breaker. */
    void afterSuccess(int permit) {
        if (breaker != null) {
            breaker.onSuccess(permit);
        }
    }

    /** The current attempt was cancelled before its outcome arrived: gives its breaker permit back. */
    void attemptCancelled(RetryCall call) {
        if (breaker != null) {
            breaker.onCancelled(call.permit);
        }
    }

    /** Reports the current attempt's failure to the breaker. */
    void afterAttempt(RetryCall call, Throwable failure) {
        if (breaker == null) {
            return;
        }
        if (failure instanceof FailedResult) {
            if (breakerCountsResults) {
                breaker.onFailure(call.permit);
            } else {
                breaker.onIgnored(call.permit);
            }
        } else if (failure instanceof CircuitBreakerOpenException
                || !(breakerFailures != null ? breakerFailures.matches(failure) : verdict(call, failure).retry())) {
            breaker.onIgnored(call.permit);
        } else {
            breaker.onFailure(call.permit);
        }
    }

    /** What the policy's {@link FailureRules} make of the failure, asked once per failed attempt. */
    private Verdict verdict(RetryCall call, Throwable failure) {
        if (failure instanceof FailedResult) {
            return Verdict.RETRY; // the failure rules are about exceptions: a result the test rejects is retried
        }
        if (call.verdictFor != failure) {
            call.verdict = policy.failures().classify(failure, idempotent);
            call.verdictFor = failure;
        }
        return call.verdict;
    }

    // ---------------------------------------------------------------- the decision

    /**
     * The engine's one decision: what follows the failed attempt number {@code call.attempts}.
     * <p>
     * Returns the wait before the next attempt ({@code >= 0}): the retry is allowed (and withdrawn from the budget),
     * reported with {@link RetryListener#retryScheduled}, and the failure is remembered for the final one. Or returns
     * {@link #STOP}: the sequence is over, {@code call.outcome} says why and {@code call.result} is what the caller
     * gets; the caller then ends the call with {@link #report} (unless it was cancelled meanwhile). In that order:
     * <ol>
     * <li>a failure the policy does not retry ({@link FailureRules}): {@code NOT_RETRYABLE};</li>
     * <li>{@code max-attempts} reached: {@code EXHAUSTED};</li>
     * <li>the application is stopping ({@link RetryShutdown}): {@code INTERRUPTED}, with a note;</li>
     * <li>a wait the failure asks for ({@code Retry-After}) longer than {@code max-delay}: {@code NOT_RETRYABLE}
     * (retrying sooner than asked would only fail again);</li>
     * <li>the wait would end past {@code max-duration}: {@code MAX_DURATION};</li>
     * <li>the breaker is open: {@code CIRCUIT_OPEN}, checked before the budget so that a refused retry spends
     * nothing;</li>
     * <li>the budget refuses the retry: {@code BUDGET_DENIED};</li>
     * <li>a synchronous call that must wait on a thread that must not block: {@code NOT_RETRYABLE}, with an
     * {@link IllegalStateException} naming the method.</li>
     * </ol>
     * A stop for the budget, the breaker or max-duration attaches a {@link RetryStoppedException} naming the reason
     * to what the caller gets.
     */
    long decide(RetryCall call, Throwable failure) {
        int attempt = call.attempts;
        Verdict verdict = verdict(call, failure);
        if (!verdict.retry()) {
            if (verdict.explained()) {
                failure.addSuppressed(note(call, RetryOutcome.NOT_RETRYABLE, verdict.reason()));
            }
            return stopped(call, RetryOutcome.NOT_RETRYABLE, failure, failure);
        }
        if (attempt >= policy.maxAttempts()) {
            return stopped(call, RetryOutcome.EXHAUSTED, failure, failure);
        }
        if (shutdown.isStopping()) {
            failure.addSuppressed(note(call, RetryOutcome.INTERRUPTED, RetryShutdown.REASON));
            return stopped(call, RetryOutcome.INTERRUPTED, failure, failure);
        }
        long delay;
        String asked = "";
        if (verdict.delayNanos() >= 0) {
            delay = verdict.delayNanos();
            asked = " (" + verdict.reason() + ")";
            if (delay > policy.backoff().maxNanos()) {
                failure.addSuppressed(note(call, RetryOutcome.NOT_RETRYABLE, "the wait asked for, "
                        + RetryLog.toMillis(delay) + " ms" + asked + ", is longer than max-delay ("
                        + RetryLog.toMillis(policy.backoff().maxNanos()) + " ms)"));
                return stopped(call, RetryOutcome.NOT_RETRYABLE, failure, failure);
            }
        } else {
            if (call.previousDelay < 0) {
                call.previousDelay = policy.backoff().baseNanos();
            }
            delay = policy.backoff().delayNanos(attempt, call.previousDelay);
        }
        if (policy.hasMaxDuration()) {
            long elapsed = clock.getAsLong() - call.start;
            // written as a difference so that a huge delay cannot overflow
            if (delay > policy.maxDurationNanos() - elapsed) {
                failure.addSuppressed(note(call, RetryOutcome.MAX_DURATION, "a wait of " + RetryLog.toMillis(delay)
                        + " ms" + asked + " would end past max-duration (" + RetryLog.toMillis(policy.maxDurationNanos())
                        + " ms) after " + RetryLog.toMillis(elapsed) + " ms"));
                return stopped(call, RetryOutcome.MAX_DURATION, failure, failure);
            }
        }
        if (breaker != null && breaker.isRefusing()) {
            CircuitBreakerOpenException refused = openException();
            refused.addSuppressed(note(call, RetryOutcome.CIRCUIT_OPEN, breakerOpenReason()));
            call.remember(failure);
            return stopped(call, RetryOutcome.CIRCUIT_OPEN, failure, refused);
        }
        if (budget != null && !budget.tryWithdraw()) {
            listener.budgetDenied(budget, attempt, failure);
            failure.addSuppressed(note(call, RetryOutcome.BUDGET_DENIED, budgetReason()));
            return stopped(call, RetryOutcome.BUDGET_DENIED, failure, failure);
        }
        if (delay > 0 && call.blocks() && !blockingAllowed.getAsBoolean()) {
            if (failure instanceof FailedResult) {
                return stopped(call, RetryOutcome.NOT_RETRYABLE, failure, failure); // the result, as it is
            }
            // the failure, with the earlier ones, is the cause of the refusal
            IllegalStateException refused = new IllegalStateException(method + " failed on attempt " + attempt + "/"
                    + policy.maxAttempts() + " and must wait " + RetryLog.toMillis(delay)
                    + " ms before retrying, but the current thread (" + Thread.currentThread().getName()
                    + ") must not block. Return Uni or CompletionStage from " + method
                    + " for non-blocking retries, or call it from a worker thread.", call.attachEarlier(failure));
            call.forgetEarlier();
            return stopped(call, RetryOutcome.NOT_RETRYABLE, failure, refused);
        }
        call.retried = true;
        listener.retryScheduled(call.trace, attempt, delay, failure);
        call.remember(failure);
        call.previousDelay = delay;
        return delay;
    }

    private long stopped(RetryCall call, RetryOutcome outcome, Throwable last, Throwable result) {
        call.outcome = outcome;
        call.lastFailure = last;
        // a sequence that ends on a result returns that result, whatever stopped it: never an invented exception
        call.result = last instanceof FailedResult ? last : result;
        return STOP;
    }

    /**
     * Ends a call that {@link #decide} (or {@link #beforeRetry}) stopped: reports how it finished, then returns what
     * the caller gets, the earlier attempts' failures attached as suppressed exceptions (after the report, so that a
     * logged final failure does not repeat them).
     */
    Throwable report(RetryCall call) {
        listener.callFinished(call.trace, call.outcome, call.retried, call.attempts, call.lastFailure);
        return call.result instanceof FailedResult ? call.result : call.attachEarlier(call.result);
    }

    /** Ends a synchronous call whose wait was interrupted: returns the failure to throw. */
    Throwable interrupted(RetryCall call, Throwable failure) {
        listener.callFinished(call.trace, RetryOutcome.INTERRUPTED, call.retried, call.attempts, failure);
        return failure instanceof FailedResult ? failure : call.attachEarlier(failure);
    }

    /** Ends a call that was cancelled (or completed) from outside. */
    void cancelled(RetryCall call) {
        listener.callFinished(call.trace, RetryOutcome.INTERRUPTED, call.retried, call.attempts, null);
    }

    private RetryStoppedException note(RetryCall call, RetryOutcome outcome, String reason) {
        return new RetryStoppedException(outcome, method, call.attempts, policy.maxAttempts(), reason);
    }

    private String breakerOpenReason() {
        long remaining = breaker.remainingOpenNanos();
        return "the circuit breaker of retry policy " + policy.displayName() + " is " + breaker.state()
                + (remaining > 0 ? " (next trial attempt in " + RetryLog.toMillis(remaining) + " ms)" : "");
    }

    private String budgetReason() {
        long[] counts = budget.windowCounts();
        return "retry budget " + budget.name() + " is exhausted: it allowed " + counts[1] + " retries in its "
                + number(budget.windowSeconds()) + " s window (ratio " + number(budget.ratio()) + " of " + counts[0]
                + " first attempts, plus " + number(budget.minRetriesPerSecond()) + " per second)";
    }

    /** {@code 10} rather than {@code 10.0}, {@code 0.2} as it is. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    CircuitBreakerOpenException openException() {
        return new CircuitBreakerOpenException(policy.name(), "Circuit breaker of retry policy "
                + policy.displayName() + " is open: " + method + " was not called");
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
