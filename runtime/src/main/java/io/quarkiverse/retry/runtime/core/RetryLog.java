package io.quarkiverse.retry.runtime.core;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;

/**
 * Structured logging of retries, in the {@code io.quarkiverse.retry} category: the first consumer of the engine's
 * events ({@link #EVENTS}). Every record about a call carries its fields both in the message and as MDC entries (set
 * only while the record is written), so JSON logs show them as key-value fields. Nothing here runs unless a call
 * actually fails or a breaker changes state.
 * <ul>
 * <li>WARN: a retry was scheduled; the retry budget is exhausted (at most once per second per budget); a pending
 * retry ended by the application's shutdown.</li>
 * <li>ERROR, with the exception: giving up on a retryable failure (max-attempts, max-duration, interrupted).</li>
 * <li>INFO: a circuit breaker opened, re-opened, closed, or was forced or reset.</li>
 * <li>DEBUG: a failure that is not retried, a retry refused by the breaker or the budget, a half-open breaker.</li>
 * </ul>
 */
public final class RetryLog implements RetryEvents {

    /** The structured logs, as an event consumer. */
    public static final RetryEvents EVENTS = new RetryLog();

    public static final String CATEGORY = "io.quarkiverse.retry";

    public static final String MDC_METHOD = "retry.method";
    public static final String MDC_POLICY = "retry.policy";
    public static final String MDC_ATTEMPT = "retry.attempt";
    public static final String MDC_MAX_ATTEMPTS = "retry.max-attempts";
    public static final String MDC_DELAY_MS = "retry.delay-ms";
    public static final String MDC_ERROR_TYPE = "retry.error-type";
    public static final String MDC_ERROR_MESSAGE = "retry.error-message";

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private RetryLog() {
    }

    @Override
    public RetryListener forMethod(RetryTarget target) {
        return new MethodLog(target.method(), target.policy());
    }

    @Override
    public CircuitBreakerListener forCircuitBreaker(CircuitBreaker breaker) {
        return new BreakerLog(breaker);
    }

    /** The log lines of one method's calls. */
    private static final class MethodLog implements RetryListener {
        private final String method;
        private final RetryPolicy policy;

        MethodLog(String method, RetryPolicy policy) {
            this.method = method;
            this.policy = policy;
        }

        @Override
        public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
            retrying(method, policy, attempt, failure, delayNanos);
        }

        @Override
        public void budgetDenied(RetryBudget budget, int attempt, Throwable failure) {
            budgetExhausted(method, policy, attempt, failure, budget);
        }

        @Override
        public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
            if (outcome == RetryOutcome.SUCCESS || outcome == RetryOutcome.BUDGET_DENIED) {
                return; // nothing to log on success; a denied retry was logged by budgetDenied
            }
            if (outcome == RetryOutcome.EXHAUSTED) {
                givingUp(method, policy, attempts, failure, "max-attempts (" + policy.maxAttempts() + ") reached");
            } else if (outcome == RetryOutcome.MAX_DURATION) {
                givingUp(method, policy, attempts, failure, RetryStoppedException.of(failure)
                        .map(RetryStoppedException::getReason).orElse("max-duration reached"));
            } else if (outcome == RetryOutcome.INTERRUPTED) {
                if (failure != null) { // a cancelled call has nothing to report
                    String reason = RetryStoppedException.of(failure).map(RetryStoppedException::getReason)
                            .orElse("interrupted while waiting to retry");
                    if (RetryShutdown.REASON.equals(reason)) {
                        stopping(method, policy, attempts, failure);
                    } else {
                        givingUp(method, policy, attempts, failure, reason);
                    }
                }
            } else if (outcome == RetryOutcome.NOT_RETRYABLE && RetryStoppedException.of(failure).isPresent()) {
                // a retryable failure that asked for a wait longer than max-delay
                givingUp(method, policy, attempts, failure, RetryStoppedException.of(failure).get().getReason());
            } else if (attempts > 0) { // NOT_RETRYABLE, CIRCUIT_OPEN; a refused first attempt is its own failure
                notRetryable(method, policy, attempts, failure);
            }
        }
    }

    /** The log lines of one circuit breaker: INFO for every transition but the (lazy) move to half-open. */
    private static final class BreakerLog implements CircuitBreakerListener {
        private final CircuitBreaker breaker;

        BreakerLog(CircuitBreaker breaker) {
            this.breaker = breaker;
        }

        @Override
        public void stateChanged(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
            String policy = breaker.displayName();
            if (byOperator) {
                LOG.infof("Circuit breaker of retry policy %s %s", policy, to == CircuitBreakerState.FORCED_OPEN
                        ? "forced open"
                        : to == CircuitBreakerState.FORCED_CLOSED ? "forced closed" : "reset to closed");
            } else if (to == CircuitBreakerState.OPEN && from == CircuitBreakerState.CLOSED) {
                int failed = breaker.failuresWhenOpened();
                int window = breaker.requestVolumeThreshold();
                LOG.infof("Circuit breaker of retry policy %s opened: %d of the last %d attempts failed (ratio %.2f,"
                        + " threshold %.2f); attempts fail fast for %d ms", policy, failed, window,
                        failed / (double) window, breaker.failureRatio(), breaker.delayNanos() / 1_000_000);
            } else if (to == CircuitBreakerState.OPEN) {
                LOG.infof("Circuit breaker of retry policy %s re-opened: a trial attempt failed; next trial in %d ms",
                        policy, breaker.delayNanos() / 1_000_000);
            } else if (to == CircuitBreakerState.CLOSED) {
                LOG.infof("Circuit breaker of retry policy %s closed after %d successful trial attempt(s)", policy,
                        breaker.successThreshold());
            } else if (to == CircuitBreakerState.HALF_OPEN) {
                LOG.debugf("Circuit breaker of retry policy %s is half-open: allowing %d trial attempt(s)", policy,
                        breaker.successThreshold());
            }
        }
    }

    /** WARN: a retry has been scheduled. */
    static void retrying(String method, RetryPolicy policy, int attempt, Throwable failure, long delayNanos) {
        if (!LOG.isEnabled(Logger.Level.WARN)) {
            return;
        }
        long delayMs = toMillis(delayNanos);
        Object[] saved = push(method, policy, attempt, failure, delayMs);
        try {
            LOG.warnf("%s failed on attempt %d/%d with %s; retrying in %d ms", method, attempt,
                    policy.maxAttempts(), describe(failure), delayMs);
        } finally {
            pop(saved);
        }
    }

    /** ERROR, with the exception: the sequence ends with a retryable failure. */
    static void givingUp(String method, RetryPolicy policy, int attempt, Throwable failure, String reason) {
        if (!LOG.isEnabled(Logger.Level.ERROR)) {
            return;
        }
        Object[] saved = push(method, policy, attempt, failure, -1);
        try {
            if (failure instanceof FailedResult) {
                // nothing was thrown: no stack trace to print, and the caller gets the result
                LOG.errorf("%s failed on attempt %d/%d with %s; giving up: %s; returning the last result", method,
                        attempt, policy.maxAttempts(), describe(failure), reason);
            } else {
                LOG.errorf(failure, "%s failed on attempt %d/%d with %s; giving up: %s", method, attempt,
                        policy.maxAttempts(), describe(failure), reason);
            }
        } finally {
            pop(saved);
        }
    }

    /** WARN, without the stack trace: the application stopped while the call waited to retry (expected then). */
    static void stopping(String method, RetryPolicy policy, int attempt, Throwable failure) {
        if (!LOG.isEnabled(Logger.Level.WARN)) {
            return;
        }
        Object[] saved = push(method, policy, attempt, failure, -1);
        try {
            LOG.warnf("%s failed on attempt %d/%d with %s; not retried: %s", method, attempt, policy.maxAttempts(),
                    describe(failure), RetryShutdown.REASON);
        } finally {
            pop(saved);
        }
    }

    /**
     * The budget denied a retry: WARN at most once per second per budget (never once per call), DEBUG for each call.
     */
    static void budgetExhausted(String method, RetryPolicy policy, int attempt, Throwable failure,
            RetryBudget budget) {
        if (budget.shouldLogExhaustion() && LOG.isEnabled(Logger.Level.WARN)) {
            Object[] saved = push(method, policy, attempt, failure, -1);
            try {
                LOG.warnf("Retry budget %s is exhausted: %s and other calls fail without retrying until first"
                        + " attempts refill it (this message is logged at most once per second)", budget.name(),
                        method);
            } finally {
                pop(saved);
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s failed on attempt %d/%d with %s; retry budget %s denied a retry", method, attempt,
                    policy.maxAttempts(), FailedResult.errorType(failure), budget.name());
        }
    }

    /** DEBUG: a failure that the policy does not retry propagates as is. */
    static void notRetryable(String method, RetryPolicy policy, int attempt, Throwable failure) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s failed on attempt %d/%d with %s, which policy %s does not retry", method, attempt,
                    policy.maxAttempts(), failure.getClass().getName(), policy.displayName());
        }
    }

    /**
     * A failure as log lines show it: {@code type: message}, or {@code the result R, a failure by retry-on-result}
     * for a result the policy counts as a failure.
     */
    static String describe(Throwable failure) {
        if (failure instanceof FailedResult) {
            return "the result " + failure.getMessage() + ", a failure by the policy's retry-on-result";
        }
        return failure.getClass().getName() + ": " + message(failure);
    }

    /** The longest failure message a log line quotes (a message may be megabytes long). */
    static final int MAX_MESSAGE = 2_000;

    /**
     * A failure's message as log lines quote it: cut to {@value #MAX_MESSAGE} characters, and never throwing (a
     * {@code getMessage()} that throws is named instead), so that logging cannot replace or lose the failure.
     */
    static String message(Throwable failure) {
        String message;
        try {
            message = failure.getMessage();
        } catch (RuntimeException | LinkageError e) {
            return "(its getMessage() threw " + e.getClass().getName() + ")";
        }
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE) + "... (" + message.length() + " characters)";
    }

    static long toMillis(long nanos) {
        return nanos > Long.MAX_VALUE - 500_000L ? nanos / 1_000_000L : (nanos + 500_000L) / 1_000_000L;
    }

    private static final String[] KEYS = { MDC_METHOD, MDC_POLICY, MDC_ATTEMPT, MDC_MAX_ATTEMPTS, MDC_DELAY_MS,
            MDC_ERROR_TYPE, MDC_ERROR_MESSAGE };

    private static Object[] push(String method, RetryPolicy policy, int attempt, Throwable failure, long delayMs) {
        Object[] values = { method, policy.displayName(), Integer.toString(attempt),
                Integer.toString(policy.maxAttempts()), delayMs < 0 ? null : Long.toString(delayMs),
                FailedResult.errorType(failure), message(failure) };
        Object[] saved = new Object[KEYS.length];
        for (int i = 0; i < KEYS.length; i++) {
            if (values[i] != null) {
                saved[i] = MDC.put(KEYS[i], values[i]);
            } else {
                saved[i] = MDC.get(KEYS[i]);
                MDC.remove(KEYS[i]);
            }
        }
        return saved;
    }

    private static void pop(Object[] saved) {
        for (int i = 0; i < KEYS.length; i++) {
            if (saved[i] == null) {
                MDC.remove(KEYS[i]);
            } else {
                MDC.put(KEYS[i], saved[i]);
            }
        }
    }
}
