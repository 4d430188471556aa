package io.quarkiverse.retry.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.arc.Unremovable;

/** Policy {@code guarded}: 3 attempts, zero wait, a budget of its own and a (closed) circuit breaker. */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@WithRetry("guarded")
public class GuardedRetryBean extends BenchmarkBean {
}
