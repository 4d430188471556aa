package io.quarkiverse.retry.test.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code metrics.tags.method=false} aggregates the meters of a policy's methods; {@code metrics.tags.error-type=true}
 * splits {@code retry.retries} by the class of the failure retried.
 */
class MetricsTagsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, Scrape.class, Scrape.Sample.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.max-attempts=2
                            quarkus.retry.metrics.tags.method=false
                            quarkus.retry.metrics.tags.error-type=true
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void perPolicyWithErrorType() {
        assertThat(service.first()).isEqualTo("ok");
        assertThatThrownBy(service::second).isInstanceOf(UncheckedIOException.class);

        Scrape scrape = Scrape.now();
        assertThat(scrape.samples).filteredOn(s -> s.name().startsWith("retry_"))
                .allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("method"));
        assertThat(scrape.value("retry_calls_total", "policy", "<default>", "outcome", "success", "retried", "true"))
                .isEqualTo(1);
        assertThat(scrape.value("retry_calls_total", "policy", "<default>", "outcome", "exhausted", "retried", "true"))
                .isEqualTo(1);
        assertThat(scrape.value("retry_retries_total", "policy", "<default>", "error_type",
                IllegalStateException.class.getName())).isEqualTo(1);
        assertThat(scrape.value("retry_retries_total", "policy", "<default>", "error_type",
                UncheckedIOException.class.getName())).isEqualTo(1);
        assertThat(scrape.value("retry_call_attempts_sum", "policy", "<default>")).isEqualTo(4);
    }

    @Singleton
    public static class Service {
        final AtomicInteger calls = new AtomicInteger();

        @WithRetry
        public String first() {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("once");
            }
            return "ok";
        }

        @WithRetry
        public String second() {
            throw new UncheckedIOException(new java.io.IOException("always"));
        }
    }
}
