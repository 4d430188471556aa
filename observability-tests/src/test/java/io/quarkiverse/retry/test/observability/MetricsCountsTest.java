package io.quarkiverse.retry.test.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The meters of one method, counted exactly through the Prometheus registry: with {@code max-attempts=3}, one
 * first-try success, one success after two retries and one exhausted call.
 */
class MetricsCountsTest {

    static final String FETCH = Service.class.getName() + "#fetch";
    static final String IDLE = Service.class.getName() + "#idle";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, Scrape.class, Scrape.Sample.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=3
                            quarkus.retry.base-delay=2ms
                            quarkus.retry.jitter=none
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void everySeriesOfEveryMethodIsRegisteredAtStartup() {
        Scrape scrape = Scrape.now();
        String[] outcomes = { "success", "exhausted", "max_duration", "not_retryable", "budget_denied",
                "circuit_open", "interrupted" };
        for (String outcome : outcomes) {
            for (String retried : new String[] { "false", "true" }) {
                assertThat(scrape.value("retry_calls_total", "method", IDLE, "policy", "<default>", "outcome",
                        outcome, "retried", retried)).as(outcome + " " + retried).isZero();
            }
        }
        assertThat(scrape.find("retry_calls_total", "method", IDLE)).hasSize(14);
        assertThat(scrape.value("retry_retries_total", "method", IDLE, "policy", "<default>")).isZero();
        assertThat(scrape.value("retry_call_attempts", "method", IDLE, "statistic", "COUNT")).isZero();
        assertThat(scrape.value("retry_delay_seconds_count", "method", IDLE)).isZero();
        assertThat(scrape.value("retry_budget_available", "budget", "shared")).isPositive();
    }

    @Test
    void exactCounts() {
        Scrape before = Scrape.now();
        double deposits = before.value("retry_budget_deposits_total", "budget", "shared");

        service.failures.set(0);
        assertThat(service.fetch()).isEqualTo("ok");
        service.failures.set(2);
        assertThat(service.fetch()).isEqualTo("ok");
        service.failures.set(10);
        assertThatThrownBy(service::fetch).isInstanceOf(IllegalStateException.class);

        Scrape scrape = Scrape.now();
        String[] tags = { "method", FETCH, "policy", "<default>" };
        assertThat(scrape.value("retry_calls_total", with(tags, "outcome", "success", "retried", "false"))).isEqualTo(1);
        assertThat(scrape.value("retry_calls_total", with(tags, "outcome", "success", "retried", "true"))).isEqualTo(1);
        assertThat(scrape.value("retry_calls_total", with(tags, "outcome", "exhausted", "retried", "true")))
                .isEqualTo(1);
        assertThat(scrape.find("retry_calls_total", tags).stream().mapToDouble(Scrape.Sample::value).sum())
                .isEqualTo(3);
        assertThat(scrape.value("retry_retries_total", tags)).isEqualTo(4);
        // a distribution summary computed from counters (the success path stays one increment): Micrometer's
        // Prometheus registry writes such a meter's count, total and max with a statistic tag
        assertThat(scrape.value("retry_call_attempts_max", tags)).isEqualTo(3);
        assertThat(scrape.value("retry_call_attempts", with(tags, "statistic", "COUNT"))).isEqualTo(3);
        assertThat(scrape.value("retry_call_attempts_sum", with(tags, "statistic", "TOTAL"))).isEqualTo(7);
        assertThat(scrape.text).contains("# TYPE retry_call_attempts summary");
        assertThat(scrape.value("retry_delay_seconds_count", tags)).isEqualTo(4);
        // base delay 2 ms doubling, no jitter: 2 + 4 for each retried call
        assertThat(scrape.value("retry_delay_seconds_sum", tags)).isCloseTo(0.012, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(scrape.value("retry_delay_seconds_max", tags)).isCloseTo(0.004, org.assertj.core.data.Offset.offset(1e-6));
        // three first attempts fed the shared budget
        assertThat(scrape.value("retry_budget_deposits_total", "budget", "shared") - deposits).isEqualTo(3);
        assertThat(scrape.value("retry_budget_denied_total", "budget", "shared")).isZero();
        // no tag is an exception message or an attempt number
        assertThat(scrape.find("retry_retries_total", tags).get(0).labels()).containsOnlyKeys("method", "policy");
    }

    private static String[] with(String[] tags, String... more) {
        String[] all = new String[tags.length + more.length];
        System.arraycopy(tags, 0, all, 0, tags.length);
        System.arraycopy(more, 0, all, tags.length, more.length);
        return all;
    }

    @Singleton
    public static class Service {
        final AtomicInteger failures = new AtomicInteger();

        @WithRetry
        public String fetch() {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("boom " + failures.get());
            }
            return "ok";
        }

        @WithRetry
        public String idle() {
            return "idle";
        }
    }
}
