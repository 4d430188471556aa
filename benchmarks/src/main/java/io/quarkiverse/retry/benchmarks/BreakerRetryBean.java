package io.quarkiverse.retry.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.arc.Unremovable;

/** Policy {@code breaker}: 3 attempts, zero wait, a (closed) circuit breaker, no budget. */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@WithRetry("breaker")
public class BreakerRetryBean extends BenchmarkBean {
}
