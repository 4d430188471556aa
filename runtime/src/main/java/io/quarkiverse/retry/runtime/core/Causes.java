package io.quarkiverse.retry.runtime.core;

import java.util.function.Function;

/**
 * Walks a failure's cause chain, safely: at most {@link #MAX_DEPTH} links, a cycle ends the walk, and so does a
 * {@code getCause()} that throws.
 */
public final class Causes {

    public static final int MAX_DEPTH = 32;

    private Causes() {
    }

    /** {@code t.getCause()}, or {@code null} when it throws (a failure that misbehaves must not replace itself). */
    public static Throwable causeOf(Throwable t) {
        try {
            return t.getCause();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The first non-{@code null} result of {@code probe} along the chain from {@code failure}, or {@code null}. */
    public static <T> T first(Throwable failure, Function<Throwable, T> probe) {
        Throwable slow = failure;
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            T found = probe.apply(t);
            if (found != null) {
                return found;
            }
            Throwable cause = causeOf(t);
            if (cause == t) {
                return null;
            }
            t = cause;
            if ((depth & 1) == 1) {
                slow = causeOf(slow); // Floyd: a cycle makes t meet slow
                if (slow == t) {
                    return null;
                }
            }
        }
        return null;
    }
}
