package io.quarkiverse.retry.benchmarks;

import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;

/**
 * The retried method of the scale test (policy {@code scale}: 2 attempts, a fixed wait of 1 s). It fails while
 * {@link #failing} is set, so the test needs no per-call state of its own: every byte retained per pending call
 * belongs to the retry (and to the interceptor chain and timer it holds on to).
 */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@WithRetry("scale")
public class ScaleBean {

    static volatile boolean failing;
    static final LongAdder ATTEMPTS = new LongAdder();

    public Uni<String> call() {
        ATTEMPTS.increment();
        return failing ? Uni.createFrom().failure(SimulatedFailure.INSTANCE) : Uni.createFrom().item(Work.RESULT);
    }
}
