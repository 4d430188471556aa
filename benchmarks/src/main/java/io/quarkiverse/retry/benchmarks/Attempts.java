package io.quarkiverse.retry.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Per-thread attempt counter of the "2 failures then success" rows: attempts 1 and 2 of every call fail, attempt 3
 * succeeds (counter modulo 3). Passed as an argument, so a retried method sees the same instance on every attempt
 * and two benchmark threads never share a counter.
 */
@State(Scope.Thread)
public class Attempts {

    private int count;

    /** Whether this attempt must fail. */
    public boolean fail() {
        return count++ % 3 != 2;
    }
}
