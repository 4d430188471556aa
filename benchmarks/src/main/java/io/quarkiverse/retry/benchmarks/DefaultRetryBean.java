package io.quarkiverse.retry.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.arc.Unremovable;

/** The default policy, untouched: the shared retry budget is on. */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@WithRetry
public class DefaultRetryBean extends BenchmarkBean {
}
