package io.quarkiverse.retry.test.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The meters of a budget and of a breaker. Policy "storm" spends from a budget of its own that allows 2 retries in
 * all (no ratio, a floor of 0.5 retries per second over 4 s); policy "breaker" opens after 2 failed attempts of 2 and
 * lets a trial through after 150 ms.
 */
class MetricsGuardsTest {

    static final String STORM = Service.class.getName() + "#storm";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, Scrape.class, Scrape.Sample.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.storm.max-attempts=3
                            quarkus.retry.storm.budget.shared=false
                            quarkus.retry.storm.budget.ratio=0
                            quarkus.retry.storm.budget.min-retries-per-second=0.5
                            quarkus.retry.storm.budget.window=4s
                            quarkus.retry.storm.budget.burst-factor=1
                            quarkus.retry.breaker.max-attempts=2
                            quarkus.retry.breaker.budget.enabled=false
                            quarkus.retry.breaker.circuit-breaker.enabled=true
                            quarkus.retry.breaker.circuit-breaker.request-volume-threshold=2
                            quarkus.retry.breaker.circuit-breaker.failure-ratio=0.5
                            quarkus.retry.breaker.circuit-breaker.delay=150ms
                            quarkus.retry.forced.circuit-breaker.enabled=true
                            """), "application.properties"));

    @Inject
    Service service;

    @Inject
    CircuitBreakers breakers;

    @Test
    void budgetStorm() {
        Scrape before = Scrape.now();
        assertThat(before.value("retry_budget_available", "budget", "storm")).isEqualTo(2);
        assertThat(before.value("retry_budget_denied_total", "budget", "storm")).isZero();

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(service::storm).isInstanceOf(IllegalStateException.class);
        }

        Scrape scrape = Scrape.now();
        double denied = scrape.value("retry_budget_denied_total", "budget", "storm");
        double deniedCalls = scrape.value("retry_calls_total", "method", STORM, "outcome", "budget_denied", "retried",
                "false") + scrape.value("retry_calls_total", "method", STORM, "outcome", "budget_denied", "retried", "true");
        double retries = scrape.value("retry_retries_total", "method", STORM);
        // the budget allows 2 retries (a third if the floor refilled one meanwhile); every other retry is denied
        assertThat(retries).isBetween(2.0, 3.0);
        assertThat(denied).isEqualTo(deniedCalls).isGreaterThanOrEqualTo(8);
        // 10 calls, each a first attempt and its retries: every call ends once
        assertThat(scrape.find("retry_calls_total", "method", STORM).stream().mapToDouble(Scrape.Sample::value).sum())
                .isEqualTo(10);
        assertThat(scrape.value("retry_budget_deposits_total", "budget", "storm")).isEqualTo(10);
        assertThat(scrape.value("retry_budget_available", "budget", "storm")).isLessThan(1);
        // the shared budget is not the storm's
        assertThat(scrape.value("retry_budget_denied_total", "budget", "shared")).isZero();
    }

    @Test
    void breakerOpenedAndClosedWithinOneScrape() throws InterruptedException {
        Scrape before = Scrape.now();
        assertThat(before.value("retry_circuitbreaker_state", "policy", "breaker", "state", "closed")).isEqualTo(1);
        for (String state : new String[] { "open", "half_open", "forced_open", "forced_closed" }) {
            assertThat(before.value("retry_circuitbreaker_state", "policy", "breaker", "state", state)).isZero();
            assertThat(before.value("retry_circuitbreaker_transitions_total", "policy", "breaker", "state", state))
                    .isZero();
        }

        service.breakerFails = true;
        assertThatThrownBy(service::breaker).isInstanceOf(IllegalStateException.class); // 2 failures: opens
        assertThatThrownBy(service::breaker).isInstanceOf(CircuitBreakerOpenException.class); // rejected
        Thread.sleep(200);
        service.breakerFails = false;
        assertThat(service.breaker()).isEqualTo("ok"); // the trial closes it

        Scrape scrape = Scrape.now();
        String[] breaker = { "policy", "breaker" };
        assertThat(scrape.value("retry_circuitbreaker_transitions_total", "policy", "breaker", "state", "open"))
                .isEqualTo(1);
        assertThat(scrape.value("retry_circuitbreaker_transitions_total", "policy", "breaker", "state", "half_open"))
                .isEqualTo(1);
        assertThat(scrape.value("retry_circuitbreaker_transitions_total", "policy", "breaker", "state", "closed"))
                .isEqualTo(1);
        assertThat(scrape.value("retry_circuitbreaker_state", "policy", "breaker", "state", "closed")).isEqualTo(1);
        assertThat(scrape.value("retry_circuitbreaker_state", "policy", "breaker", "state", "open")).isZero();
        assertThat(scrape.value("retry_circuitbreaker_calls_total", "policy", "breaker", "result", "failure"))
                .isEqualTo(2);
        assertThat(scrape.value("retry_circuitbreaker_calls_total", "policy", "breaker", "result", "rejected"))
                .isEqualTo(1);
        assertThat(scrape.value("retry_circuitbreaker_calls_total", "policy", "breaker", "result", "success"))
                .isEqualTo(1);
        assertThat(scrape.value("retry_circuitbreaker_calls_total", "policy", "breaker", "result", "ignored")).isZero();
        assertThat(scrape.find("retry_circuitbreaker_state", breaker)).hasSize(5);
        assertThat(scrape.value("retry_calls_total", "policy", "breaker", "outcome", "circuit_open", "retried", "false"))
                .isEqualTo(1);
    }

    @Test
    void operatorTransitions() {
        breakers.forceOpen("forced");
        Scrape open = Scrape.now();
        assertThat(open.value("retry_circuitbreaker_state", "policy", "forced", "state", "forced_open")).isEqualTo(1);
        assertThat(open.value("retry_circuitbreaker_transitions_total", "policy", "forced", "state", "forced_open"))
                .isEqualTo(1);
        breakers.reset("forced");
        Scrape reset = Scrape.now();
        assertThat(reset.value("retry_circuitbreaker_state", "policy", "forced", "state", "closed")).isEqualTo(1);
        assertThat(reset.value("retry_circuitbreaker_transitions_total", "policy", "forced", "state", "closed"))
                .isEqualTo(1);
    }

    @Singleton
    public static class Service {
        volatile boolean breakerFails;

        @WithRetry("storm")
        public String storm() {
            throw new IllegalStateException("down");
        }

        @WithRetry("breaker")
        public String breaker() {
            if (breakerFails) {
                throw new IllegalStateException("down");
            }
            return "ok";
        }

        @WithRetry("forced")
        public String forced() {
            return "ok";
        }
    }
}
