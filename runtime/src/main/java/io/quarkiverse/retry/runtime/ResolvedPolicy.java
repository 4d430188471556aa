package io.quarkiverse.retry.runtime;

import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.FailureTypes;
import io.quarkiverse.retry.runtime.core.RetryPolicy;

/**
 * A policy with the budget it spends from and its circuit breaker, as resolved at startup; shared by every method
 * that uses the policy.
 */
final class ResolvedPolicy {

    final RetryPolicy policy;
    /** {@code null} when the policy has no budget. */
    final RetryBudget budget;
    /** {@code null} when the policy has no breaker. */
    final CircuitBreaker breaker;
    /** {@code null}: the retryable failures count against the breaker. */
    final FailureTypes breakerFailures;

    ResolvedPolicy(RetryPolicy policy, RetryBudget budget, CircuitBreaker breaker, FailureTypes breakerFailures) {
        this.policy = policy;
        this.budget = budget;
        this.breaker = breaker;
        this.breakerFailures = breakerFailures;
    }
}
