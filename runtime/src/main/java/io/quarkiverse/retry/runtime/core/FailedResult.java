package io.quarkiverse.retry.runtime.core;

/**
 * An attempt that returned a result the policy counts as a failure ({@code retry-on-result}, or
 * {@code Retry.retryIf(...)}): how the engine, its decision and the event listeners see such an attempt, so that a
 * result-failure is waited for, budgeted, counted by the breaker, logged and measured like a thrown failure.
 * <p>
 * It never reaches the caller: a sequence that ends on a result-failure returns that result ({@link #result()}), and
 * it is never attached to another exception. It has no stack trace (nothing was thrown); its message describes the
 * result in at most {@value #MAX_DESCRIPTION} characters.
 */
public final class FailedResult extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The longest description of a result in a message (a result's {@code toString()} may be huge). */
    static final int MAX_DESCRIPTION = 200;

    private final transient Object result;

    FailedResult(Object result) {
        super(null, null, true, false);
        this.result = result;
    }

    /** What the attempt returned. */
    public Object result() {
        return result;
    }

    /** The result as logs show it: {@code null}, or its {@code toString()} cut to a bounded length. */
    @Override
    public String getMessage() {
        return describe(result);
    }

    /**
     * The {@code error.type} of a failure in metrics, spans and logs: its class name, or {@code _OTHER} (the
     * OpenTelemetry convention for "no exception type") for a result-failure.
     */
    public static String errorType(Throwable failure) {
        return failure instanceof FailedResult ? OTHER : failure.getClass().getName();
    }

    /** The {@code error.type} of a result-failure. */
    public static final String OTHER = "_OTHER";

    /** A bounded description of a result, that never throws. */
    public static String describe(Object result) {
        if (result == null) {
            return "null";
        }
        String text;
        try {
            text = String.valueOf(result);
        } catch (RuntimeException | LinkageError e) {
            text = result.getClass().getName() + " (its toString() threw " + e.getClass().getName() + ")";
        }
        return text.length() <= MAX_DESCRIPTION ? text
                : text.substring(0, MAX_DESCRIPTION) + "... (" + text.length()
                        + " characters)";
    }
}
