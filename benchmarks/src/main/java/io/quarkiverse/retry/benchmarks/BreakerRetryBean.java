package io.quarkiverse.retry.benchmarks;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;

/** Policy {@code breaker}: 3 attempts, zero wait, a (closed) circuit breaker, no budget. */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@WithRetry("breaker")
public class BreakerRetryBean {

    public String call() {
        return Work.call();
    }

    public Uni<String> uni() {
        return Work.uni();
    }

    public CompletionStage<String> cs() {
        return Work.cs();
    }

    public String flaky(Attempts attempts) {
        return Work.flaky(attempts);
    }

    public Uni<String> flakyUni(Attempts attempts) {
        return Work.flakyUni(attempts);
    }

    public CompletionStage<String> flakyCs(Attempts attempts) {
        return Work.flakyCs(attempts);
    }
}
