package io.quarkiverse.retry.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;

/** No interceptor at all. */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
public class PlainBean extends BenchmarkBean {
}
