package io.quarkiverse.retry.runtime.core;

import java.util.function.Function;

/** Walks a failure's cause chain, safely: at most {@link #MAX_DEPTH} links, and a cycle ends the walk. */
public final class Causes {

    public static final int MAX_DEPTH = 32;

    private Causes() {
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
            Throwable cause = t.getCause();
            if (cause == t) {
                return null;
            }
            t = cause;
            if ((depth & 1) == 1) {
                slow = slow.getCause(); // Floyd: a cycle makes t meet slow
                if (slow == t) {
                    return null;
                }
            }
        }
        return null;
    }
}
