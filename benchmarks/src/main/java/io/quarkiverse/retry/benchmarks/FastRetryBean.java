package io.quarkiverse.retry.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.arc.Unremovable;

/** Policy {@code fast}: 3 attempts, zero wait, no budget, no breaker. */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@WithRetry("fast")
public class FastRetryBean extends BenchmarkBean {
}
