package io.quarkiverse.retry.benchmarks;

import java.util.concurrent.CompletionStage;

import io.smallrye.mutiny.Uni;

/**
 * The business methods every benchmark bean exposes, all doing the same {@link Work}. Each concrete bean is a
 * subclass that only adds its interceptor binding (class-level, so it covers these inherited methods), which keeps
 * the compared beans identical but for what intercepts them. Abstract, so it is not a bean itself.
 */
public abstract class BenchmarkBean {

    public String call() {
        return Work.call();
    }

    public Uni<String> uni() {
        return Work.uni();
    }

    public Uni<String> uniLazy() {
        return Work.uniLazy();
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
