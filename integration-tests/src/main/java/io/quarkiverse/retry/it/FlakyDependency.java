package io.quarkiverse.retry.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * A deliberately flaky "inventory backend": the first {@code failures} calls after {@link #reset(int)} fail with a
 * {@link DependencyUnavailableException}, later calls succeed. Every call, failed or not, is counted, so the number
 * of attempts a retry sequence made can be read back with {@link #calls()}.
 * <p>
 * The state is shared by all requests: this is a demo, meant to be driven by one client at a time.
 */
@ApplicationScoped
public class FlakyDependency {

    private final AtomicInteger calls = new AtomicInteger();
    private volatile int failures;

    /** Sets the number of calls that will fail from now on and resets the call counter. */
    public void reset(int failures) {
        if (failures < 0) {
            throw new InvalidRequestException("failures must not be negative, was " + failures);
        }
        this.failures = failures;
        calls.set(0);
    }

    /** Calls made since the last {@link #reset(int)}. */
    public int calls() {
        return calls.get();
    }

    /** Failures injected by the last {@link #reset(int)}. */
    public int failures() {
        return failures;
    }

    /** Looks up the stock of {@code sku}, synchronously. */
    public String stock(String sku) {
        call();
        return sku + ": 42 in stock";
    }

    /** Looks up the stock of {@code sku}; failures are delivered through the {@link Uni}, not thrown. */
    public Uni<String> stockUni(String sku) {
        return Uni.createFrom().item(() -> stock(sku));
    }

    /** Looks up the stock of {@code sku}; failures complete the stage exceptionally, they are not thrown. */
    public CompletionStage<String> stockCompletionStage(String sku) {
        try {
            return CompletableFuture.completedFuture(stock(sku));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Reserves {@code quantity} units of {@code sku}. A quantity below 1 is rejected with an
     * {@link InvalidRequestException} on every call (before any injected failure), which no retry can fix.
     */
    public String reserve(String sku, int quantity) {
        int n = calls.incrementAndGet();
        if (quantity < 1) {
            throw new InvalidRequestException("quantity must be at least 1, was " + quantity);
        }
        failIfInjected(n);
        return "reserved " + quantity + " x " + sku;
    }

    private void call() {
        failIfInjected(calls.incrementAndGet());
    }

    private void failIfInjected(int call) {
        int injected = failures;
        if (call <= injected) {
            throw new DependencyUnavailableException(
                    "inventory backend unavailable (call " + call + ", " + injected + " failure(s) injected)");
        }
    }
}
