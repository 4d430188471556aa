package io.quarkiverse.retry.test.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.Retries;
import io.quarkiverse.retry.Retry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The meters of programmatic calls (the operation as the {@code method} tag) and of result-failures (counted like
 * exception failures, {@code error.type=_OTHER}, a sequence that ran out on a result counted as {@code exhausted}),
 * read from the real Prometheus registry.
 */
class MetricsResultAndProgrammaticTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Scrape.class, Scrape.Sample.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.max-attempts=3
                            quarkus.retry.metrics.tags.error-type=true
                            quarkus.retry.jobs.max-attempts=2
                            """), "application.properties"));

    @Inject
    Retries retries;

    @Test
    void programmaticCallsAndResultFailuresAreMeasured() {
        Retry jobs = retries.policy("jobs").retryIf("pending"::equals);
        AtomicInteger polls = new AtomicInteger();
        assertThat(jobs.call("JobService#status", () -> polls.incrementAndGet() == 1 ? "pending" : "done"))
                .isEqualTo("done");
        assertThat(jobs.call("JobService#status", () -> "pending")).isEqualTo("pending");

        Scrape scrape = Scrape.now();
        assertThat(scrape.value("retry_calls_total", "method", "JobService#status", "policy", "jobs", "outcome",
                "success", "retried", "true")).isEqualTo(1);
        assertThat(scrape.value("retry_calls_total", "method", "JobService#status", "policy", "jobs", "outcome",
                "exhausted", "retried", "true")).isEqualTo(1);
        assertThat(scrape.value("retry_retries_total", "method", "JobService#status", "policy", "jobs", "error_type",
                "_OTHER")).isEqualTo(2);
        assertThat(scrape.value("retry_call_attempts_sum", "method", "JobService#status", "policy", "jobs"))
                .isEqualTo(4);
    }
}
