package io.quarkiverse.retry.test.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.retry.WithRetry;
import io.smallrye.mutiny.Uni;

/**
 * Fails the first {@link #failures} calls of each method with a new {@link TransientException}, then succeeds.
 */
@ApplicationScoped
public class FlakyService {

    final AtomicInteger calls = new AtomicInteger();
    volatile int failures;

    void reset(int failures) {
        this.failures = failures;
        calls.set(0);
    }

    int calls() {
        return calls.get();
    }

    private void maybeFail() {
        int n = calls.incrementAndGet();
        if (n <= failures) {
            throw new TransientException("failure " + n);
        }
    }

    @WithRetry
    public String sync() {
        maybeFail();
        return "ok after " + calls.get();
    }

    @WithRetry
    public void voidMethod() {
        maybeFail();
    }

    @WithRetry
    public int primitive() {
        maybeFail();
        return calls.get();
    }

    @WithRetry
    public Uni<String> uni() {
        int n = calls.incrementAndGet();
        if (n <= failures) {
            return Uni.createFrom().failure(new TransientException("failure " + n));
        }
        return Uni.createFrom().item("ok after " + n);
    }

    /** Fails by throwing while building the Uni, not inside it. */
    @WithRetry
    public Uni<String> uniThrowing() {
        maybeFail();
        return Uni.createFrom().item("ok after " + calls.get());
    }

    @WithRetry
    public CompletionStage<String> completionStage() {
        int n = calls.incrementAndGet();
        if (n <= failures) {
            return CompletableFuture.failedFuture(new TransientException("failure " + n));
        }
        return CompletableFuture.completedFuture("ok after " + n);
    }

    /** Fails synchronously before a stage exists. */
    @WithRetry
    public CompletableFuture<String> completableFutureThrowing() {
        maybeFail();
        return CompletableFuture.supplyAsync(() -> "ok after " + calls.get());
    }
}
