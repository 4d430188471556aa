package io.quarkiverse.retry.runtime.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.smallrye.mutiny.Uni;

/**
 * Runs the retry sequence of one method under one policy: synchronously, as a {@link Uni} or as a
 * {@link CompletableFuture}. Built once per method at startup and shared by all calls; per-call state lives in the
 * call objects ({@link UniRetryCall}, {@link CompletionStageRetryCall}) or on the stack (synchronous calls).
 */
public final class Retrier {

    /** Returned by {@link #nextDelay} when the sequence must end with the current failure. */
    static final long STOP = -1;
    /** Returned by {@link #nextDelay} when the breaker is open: the sequence ends with a fast failure, no wait. */
    static final long BREAKER_OPEN = -2;
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

    /**
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
     * @param budget the retry budget the policy spends from, or {@code null}
     * @param breaker the policy's circuit breaker, or {@code null}
     * @param breakerFailures the failures that count against the breaker; {@code null} means the retryable ones
     */
    public Retrier(String method, RetryPolicy policy, DelayScheduler scheduler, BooleanSupplier blockingAllowed,
            LongSupplier clock, RetryBudget budget, CircuitBreaker breaker, FailureTypes breakerFailures) {
        this.method = method;
        this.policy = policy;
        this.scheduler = scheduler;
        this.blockingAllowed = blockingAllowed;
        this.clock = clock;
        this.budget = budget;
        this.breaker = breaker;
        this.breakerFailures = breakerFailures;
    }

    /** Whether calls need {@link #beforeFirstAttempt()} and {@link #afterAttempt} (budget or breaker present). */
    public boolean isGuarded() {
        return budget != null || breaker != null;
    }

    public RetryBudget budget() {
        return budget;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * A call starts: deposits into the budget and takes a breaker permit for the first attempt.
     *
     * @return the permit, to hand to {@link #afterAttempt}
     * @throws CircuitBreakerOpenException if the breaker refuses the attempt
     */
    public int beforeFirstAttempt() {
        deposit();
        int permit = acquire();
        if (permit == CircuitBreaker.REFUSED) {
            throw openException();
        }
        return permit;
    }

    /** A first attempt starts: every call deposits into the budget, whatever the breaker says. */
    void deposit() {
        if (budget != null) {
            budget.deposit();
        }
    }

    /** Takes a breaker permit for an attempt: {@link #NO_BREAKER}, a permit, or {@link CircuitBreaker#REFUSED}. */
    int acquire() {
        return breaker == null ? NO_BREAKER : breaker.tryAcquire();
    }

    /** Reports an attempt's outcome ({@code failure} is {@code null} on success) to the breaker. */
    public void afterAttempt(int permit, Throwable failure) {
        if (breaker == null) {
            return;
        }
        if (failure == null) {
            breaker.onSuccess(permit);
            return;
        }
        afterFailure(permit, failure);
    }

    private void afterFailure(int permit, Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException
                || !(breakerFailures != null ? breakerFailures.matches(failure) : policy.isRetryable(failure))) {
            breaker.onSuccess(permit);
        } else {
            breaker.onFailure(permit);
        }
    }

    CircuitBreakerOpenException openException() {
        return new CircuitBreakerOpenException(policy.name(), "Circuit breaker of retry policy "
                + policy.displayName() + " is open: " + method + " was not called");
    }

    /** The final failure when the breaker refuses the next attempt: the breaker's, earlier failures suppressed. */
    Throwable refused(Throwable last, List<Throwable> earlier) {
        return withEarlier(openException(), remember(earlier, last));
    }

    public String method() {
        return method;
    }

    public RetryPolicy policy() {
        return policy;
    }

    DelayScheduler scheduler() {
        return scheduler;
    }

    /** Start of the sequence, for {@code max-duration}; {@code 0} (and no clock read) when there is no limit. */
    public long startTime() {
        return policy.hasMaxDuration() ? clock.getAsLong() : 0L;
    }

    /**
     * Continues a synchronous call whose first attempt, started at {@code start} ({@link #startTime()}), failed with
     * {@code firstFailure}. Returns the first successful result or throws the final failure, with the earlier
     * failures suppressed.
     */
    public Object retrySync(Invoker invoker, Throwable firstFailure, long start) throws Exception {
        Throwable failure = firstFailure;
        List<Throwable> earlier = null;
        long previousDelay = policy.backoff().baseNanos();
        int attempt = 1;
        while (true) {
            long delay = nextDelay(failure, attempt, previousDelay, start);
            if (delay == STOP) {
                throw sneakyThrow(withEarlier(failure, earlier));
            }
            if (delay == BREAKER_OPEN) {
                throw sneakyThrow(refused(failure, earlier));
            }
            if (delay > 0) {
                if (!blockingAllowed.getAsBoolean()) {
                    throw new IllegalStateException(method + " failed on attempt " + attempt + "/"
                            + policy.maxAttempts() + " and must wait " + RetryLog.toMillis(delay)
                            + " ms before retrying, but the current thread (" + Thread.currentThread().getName()
                            + ") must not block. Return Uni or CompletionStage from " + method
                            + " for non-blocking retries, or call it from a worker thread.",
                            withEarlier(failure, earlier));
                }
                RetryLog.retrying(method, policy, attempt, failure, delay);
                try {
                    TimeUnit.NANOSECONDS.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    RetryLog.givingUp(method, policy, attempt, failure, "interrupted while waiting to retry");
                    throw sneakyThrow(withEarlier(failure, earlier));
                }
            } else {
                RetryLog.retrying(method, policy, attempt, failure, 0);
            }
            earlier = remember(earlier, failure);
            previousDelay = delay;
            attempt++;
            int permit = acquire();
            if (permit == CircuitBreaker.REFUSED) {
                throw sneakyThrow(withEarlier(openException(), earlier));
            }
            Object result;
            try {
                result = invoker.invoke();
            } catch (Throwable t) {
                afterAttempt(permit, t);
                failure = t;
                continue;
            }
            afterAttempt(permit, null);
            return result;
        }
    }

    /** A lazy {@link Uni}: every subscription runs its own retry sequence, each attempt invoking the method again. */
    public <T> Uni<T> retryUni(Invoker invoker) {
        return retryUni(Invoker.SELF, invoker);
    }

    /** As {@link #retryUni(Invoker)}, each attempt being {@code invoker.invoke(target)}. */
    public <T> Uni<T> retryUni(Invoker.OnTarget invoker, Object target) {
        return new RetryingUni<>(this, invoker, target);
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

    /**
     * Decides what follows a failed attempt: the wait before the next one ({@code >= 0}, logged by the caller),
     * {@link #STOP} (logged here) or {@link #BREAKER_OPEN}. A retry that is allowed has already been withdrawn from
     * the budget.
     *
     * @param attempt the attempt that failed, 1 for the first
     * @param previousDelay the previous wait, the base delay before the first retry
     */
    long nextDelay(Throwable failure, int attempt, long previousDelay, long start) {
        if (failure instanceof CircuitBreakerOpenException || !policy.isRetryable(failure)) {
            RetryLog.notRetryable(method, policy, attempt, failure);
            return STOP;
        }
        if (attempt >= policy.maxAttempts()) {
            RetryLog.givingUp(method, policy, attempt, failure, "max-attempts (" + policy.maxAttempts() + ") reached");
            return STOP;
        }
        long delay = policy.backoff().delayNanos(attempt, previousDelay);
        if (policy.hasMaxDuration()) {
            long elapsed = clock.getAsLong() - start;
            // written as a difference so that a huge delay cannot overflow
            if (delay > policy.maxDurationNanos() - elapsed) {
                RetryLog.givingUp(method, policy, attempt, failure, "a wait of " + RetryLog.toMillis(delay)
                        + " ms would end past max-duration (" + RetryLog.toMillis(policy.maxDurationNanos())
                        + " ms) after " + RetryLog.toMillis(elapsed) + " ms");
                return STOP;
            }
        }
        if (breaker != null && breaker.isRefusing()) {
            RetryLog.notRetryable(method, policy, attempt, failure);
            return BREAKER_OPEN; // checked before the budget: a refused retry must not spend it
        }
        if (budget != null && !budget.tryWithdraw()) {
            RetryLog.budgetExhausted(method, policy, attempt, failure, budget);
            return STOP;
        }
        return delay;
    }

    static List<Throwable> remember(List<Throwable> earlier, Throwable failure) {
        if (earlier == null) {
            earlier = new ArrayList<>(4);
        }
        earlier.add(failure);
        return earlier;
    }

    /** Attaches the earlier attempts' failures to the final one, as suppressed exceptions, and returns it. */
    static Throwable withEarlier(Throwable last, List<Throwable> earlier) {
        if (earlier != null) {
            for (Throwable previous : earlier) {
                if (previous != last && !contains(last.getSuppressed(), previous)) {
                    last.addSuppressed(previous);
                }
            }
        }
        return last;
    }

    private static boolean contains(Throwable[] array, Throwable t) {
        for (Throwable e : array) {
            if (e == t) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
