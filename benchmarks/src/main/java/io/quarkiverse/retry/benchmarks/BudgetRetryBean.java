package io.quarkiverse.retry.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.arc.Unremovable;

/** Policy {@code budgeted}: 3 attempts, zero wait, a budget of its own, no breaker. */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@WithRetry("budgeted")
public class BudgetRetryBean extends BenchmarkBean {
}
