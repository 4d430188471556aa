package io.quarkiverse.retry.benchmarks;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Turns the {@code io.quarkiverse.retry} category to WARN (one line per retry) for one benchmark. */
@State(Scope.Benchmark)
public class WarnLogging {

    Logger category;
    Level previous;

    @Setup // once per trial
    public void warn() {
        category = Logger.getLogger("io.quarkiverse.retry");
        previous = category.getLevel();
        category.setLevel(Level.WARNING);
    }

    @TearDown // once per trial
    public void restore() {
        category.setLevel(previous);
    }
}
