package io.quarkiverse.retry.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/** The bodies shared by all benchmark beans, so that every bean does exactly the same work. */
final class Work {

    static final String RESULT = "ok";

    private Work() {
    }

    static String call() {
        return RESULT;
    }

    static Uni<String> uni() {
        return Uni.createFrom().item(RESULT);
    }

    /** The item comes from a supplier when subscribed: a {@code Uni} that has to be subscribed to be read. */
    private static final Supplier<String> LAZY_RESULT = () -> RESULT;

    static Uni<String> uniLazy() {
        return Uni.createFrom().item(LAZY_RESULT);
    }

    static CompletionStage<String> cs() {
        return CompletableFuture.completedFuture(RESULT);
    }

    static String flaky(Attempts attempts) {
        if (attempts.fail()) {
            throw SimulatedFailure.INSTANCE;
        }
        return RESULT;
    }

    static Uni<String> flakyUni(Attempts attempts) {
        return attempts.fail() ? Uni.createFrom().failure(SimulatedFailure.INSTANCE) : Uni.createFrom().item(RESULT);
    }

    static CompletionStage<String> flakyCs(Attempts attempts) {
        return attempts.fail() ? CompletableFuture.failedFuture(SimulatedFailure.INSTANCE)
                : CompletableFuture.completedFuture(RESULT);
    }
}
