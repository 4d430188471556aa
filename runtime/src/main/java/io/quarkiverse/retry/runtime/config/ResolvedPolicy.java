package io.quarkiverse.retry.runtime.config;

import java.util.Map;

import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.FailureTypes;
import io.quarkiverse.retry.runtime.core.RetryPolicy;

/**
 * A policy with the budget it spends from and its circuit breaker, as resolved at startup; shared by every method
 * that uses the policy.
 *
 * @param budget {@code null} when the policy has no budget
 * @param breaker {@code null} when the policy has no breaker
 * @param breakerFailures {@code null}: the retryable failures count against the breaker
 * @param failHealth whether the health check is DOWN while the breaker is open
 * @param breakerCountsResults whether a result-failure counts against the breaker ({@code circuit-breaker.fail-on-result})
 * @param effective every key of the policy with its value in effect and where it came from
 */
public record ResolvedPolicy(RetryPolicy policy, RetryBudget budget, CircuitBreaker breaker,
        FailureTypes breakerFailures, boolean failHealth, boolean breakerCountsResults,
        Map<String, EffectiveValue> effective) {
}
