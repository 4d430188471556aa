package io.quarkiverse.retry.benchmarks;

/**
 * The failure of every failing attempt: one preallocated, stackless instance, so that the benchmarks measure the
 * retry machinery and not {@code fillInStackTrace()} (which costs microseconds in a deep Quarkus call stack and
 * would dominate every failure row). Suppression is disabled, so the shared instance never accumulates state.
 */
public final class SimulatedFailure extends RuntimeException {

    public static final SimulatedFailure INSTANCE = new SimulatedFailure();

    private SimulatedFailure() {
        super("simulated failure", null, false, false);
    }
}
