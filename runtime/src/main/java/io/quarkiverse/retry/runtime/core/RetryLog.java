package io.quarkiverse.retry.runtime.core;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Structured logging of retries, in the {@code io.quarkiverse.retry} category. Every record carries its fields both
 * in the message and as MDC entries (set only while the record is written), so JSON logs show them as key-value
 * fields. Nothing here runs unless a call actually fails.
 */
public final class RetryLog {

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

    /** WARN: a retry has been scheduled. */
    static void retrying(String method, RetryPolicy policy, int attempt, Throwable failure, long delayNanos) {
        if (!LOG.isEnabled(Logger.Level.WARN)) {
            return;
        }
        long delayMs = toMillis(delayNanos);
        Object[] saved = push(method, policy, attempt, failure, delayMs);
        try {
            LOG.warnf("%s failed on attempt %d/%d with %s: %s; retrying in %d ms", method, attempt,
                    policy.maxAttempts(), failure.getClass().getName(), failure.getMessage(), delayMs);
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
            LOG.errorf(failure, "%s failed on attempt %d/%d with %s: %s; giving up: %s", method, attempt,
                    policy.maxAttempts(), failure.getClass().getName(), failure.getMessage(), reason);
        } finally {
            pop(saved);
        }
    }

    /**
     * The budget denied a retry: WARN at most once per second per budget (never once per call), DEBUG for each call.
     */
    static void budgetExhausted(String method, RetryPolicy policy, int attempt, Throwable failure,
            io.quarkiverse.retry.runtime.budget.RetryBudget budget) {
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
                    policy.maxAttempts(), failure.getClass().getName(), budget.name());
        }
    }

    /** DEBUG: a failure that the policy does not retry propagates as is. */
    static void notRetryable(String method, RetryPolicy policy, int attempt, Throwable failure) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s failed on attempt %d/%d with %s, which policy %s does not retry", method, attempt,
                    policy.maxAttempts(), failure.getClass().getName(), policy.displayName());
        }
    }

    static long toMillis(long nanos) {
        return nanos > Long.MAX_VALUE - 500_000L ? nanos / 1_000_000L : (nanos + 500_000L) / 1_000_000L;
    }

    private static final String[] KEYS = { MDC_METHOD, MDC_POLICY, MDC_ATTEMPT, MDC_MAX_ATTEMPTS, MDC_DELAY_MS,
            MDC_ERROR_TYPE, MDC_ERROR_MESSAGE };

    private static Object[] push(String method, RetryPolicy policy, int attempt, Throwable failure, long delayMs) {
        Object[] values = { method, policy.displayName(), Integer.toString(attempt),
                Integer.toString(policy.maxAttempts()), delayMs < 0 ? null : Long.toString(delayMs),
                failure.getClass().getName(), failure.getMessage() };
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
