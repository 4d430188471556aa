package io.quarkiverse.retry.runtime.core.event;

import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.RetryPolicy;

/**
 * What an event consumer learns, once, about a retried method: enough to resolve its meters or log fields up front.
 *
 * @param method {@code Class#method} (or the operation of a programmatic call)
 * @param policy the method's resolved policy
 * @param budget the budget its retries spend from, {@code null} if none
 * @param budgetName {@code shared} for the shared budget, the policy's name for a budget of its own, {@code null} if none
 * @param breaker the policy's circuit breaker, {@code null} if none
 */
public record RetryTarget(String method, RetryPolicy policy, RetryBudget budget, String budgetName,
        CircuitBreaker breaker) {

    /** A method without budget or breaker. */
    public static RetryTarget of(String method, RetryPolicy policy) {
        return new RetryTarget(method, policy, null, null, null);
    }
}
