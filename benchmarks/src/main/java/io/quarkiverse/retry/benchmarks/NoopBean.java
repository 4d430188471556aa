package io.quarkiverse.retry.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;

/** Behind {@link NoopInterceptor}: the cost of one interceptor that only proceeds, the baseline of every ratio. */
@ApplicationScoped
@Unremovable // looked up programmatically by the benchmarks
@Noop
public class NoopBean extends BenchmarkBean {
}
