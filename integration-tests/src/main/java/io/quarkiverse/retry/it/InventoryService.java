package io.quarkiverse.retry.it;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import io.quarkiverse.retry.WithRetry;
import io.smallrye.mutiny.Uni;

/**
 * The business service: every method calls the {@link FlakyDependency} and is retried by {@code @WithRetry}, with
 * the policy configured in {@code application.properties}.
 */
@ApplicationScoped
public class InventoryService {

    private final FlakyDependency dependency;
    private final RequestInfo requestInfo;

    InventoryService(FlakyDependency dependency, RequestInfo requestInfo) {
        this.dependency = dependency;
        this.requestInfo = requestInfo;
    }

    /**
     * Records, on every attempt, the request-scoped id and the MDC value it sees: attempts after a wait run on the
     * caller's Vert.x duplicated context, so both stay those of the HTTP request.
     */
    @WithRetry
    public Uni<String> stockWithContext(String sku, List<String> seen) {
        seen.add(requestInfo.id() + "|" + MDC.get("request-id"));
        return dependency.stockUni(sku);
    }

    /** Synchronous: the waits between attempts block the calling (worker) thread. */
    @WithRetry
    public String stock(String sku) {
        return dependency.stock(sku);
    }

    /** Mutiny: every attempt re-invokes this method; waits are Vert.x timers, no thread is blocked. */
    @WithRetry
    public Uni<String> stockUni(String sku) {
        return dependency.stockUni(sku);
    }

    /** CompletionStage: like the Uni variant, retried without blocking. */
    @WithRetry
    public CompletionStage<String> stockCompletionStage(String sku) {
        return dependency.stockCompletionStage(sku);
    }

    /** Uses the named policy {@code fast} ({@code quarkus.retry."fast".*}): more attempts, shorter waits. */
    @WithRetry("fast")
    public String stockFast(String sku) {
        return dependency.stock(sku);
    }

    /**
     * Retries transient failures, but an {@link InvalidRequestException} is listed in {@code quarkus.retry.abort-on}
     * and propagates after the first attempt.
     */
    @WithRetry
    public String reserve(String sku, int quantity) {
        return dependency.reserve(sku, quantity);
    }
}
