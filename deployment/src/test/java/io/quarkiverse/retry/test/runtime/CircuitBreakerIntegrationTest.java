package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.runtime.RetryRegistry;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * Policy "backend": a breaker over the last 4 attempts that opens at 50% failures for 300 ms. Each shape gets its own
 * policy (and so its own breaker) so that the tests do not disturb each other.
 */
class CircuitBreakerIntegrationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.max-attempts=3
                            quarkus.retry.budget.min-retries-per-second=1000
                            quarkus.retry.sync.circuit-breaker.enabled=true
                            quarkus.retry.sync.circuit-breaker.request-volume-threshold=4
                            quarkus.retry.sync.circuit-breaker.delay=300ms
                            quarkus.retry.uni.circuit-breaker.enabled=true
                            quarkus.retry.uni.circuit-breaker.request-volume-threshold=4
                            quarkus.retry.uni.circuit-breaker.delay=300ms
                            quarkus.retry.stage.circuit-breaker.enabled=true
                            quarkus.retry.stage.circuit-breaker.request-volume-threshold=4
                            quarkus.retry.stage.circuit-breaker.delay=300ms
                            quarkus.retry.defaults.circuit-breaker.enabled=true
                            quarkus.retry.plain.max-attempts=2
                            """), "application.properties"));

    @Inject
    Service service;

    @Inject
    CircuitBreakers breakers;

    @Inject
    RetryRegistry registry;

    @BeforeEach
    void reset() {
        for (String policy : breakers.policies()) {
            breakers.reset(policy);
        }
        service.calls.set(0);
        service.failing = true;
    }

    @Test
    void breakerKeysAndDefaults() {
        assertThat(breakers.policies()).containsExactlyInAnyOrder("sync", "uni", "stage", "defaults");
        CircuitBreaker defaults = registry.breakers().get("defaults");
        assertThat(defaults.requestVolumeThreshold()).isEqualTo(100);
        assertThat(defaults.failureRatio()).isEqualTo(0.5);
        assertThat(defaults.delayNanos()).isEqualTo(5_000_000_000L);
        assertThat(defaults.successThreshold()).isEqualTo(1);
        assertThatThrownBy(() -> breakers.state("plain")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain");
    }

    @Test
    void syncRetrySequenceStopsAtOnceWhenTheBreakerOpens() {
        // attempts 1-3 of the first call fail; attempt 4 (first of the second call) fills the window: open
        assertThatThrownBy(service::sync).isInstanceOf(IllegalStateException.class);
        assertThat(service.calls.get()).isEqualTo(3);
        Throwable second = catchThrowable(service::sync);
        assertThat(service.calls.get()).as("one attempt, then the breaker is open: no wait, no retry").isEqualTo(4);
        assertThat(second).isInstanceOf(CircuitBreakerOpenException.class);
        // the failed attempt, and the note that the open breaker stopped the retries (issue "One retry engine")
        assertThat(second.getSuppressed()).filteredOn(t -> !(t instanceof RetryStoppedException))
                .extracting(Throwable::getMessage).containsExactly("failure 4");
        assertThat(RetryStoppedException.of(second)).get().extracting(RetryStoppedException::getOutcome)
                .isEqualTo(RetryOutcome.CIRCUIT_OPEN);
        assertThat(breakers.state("sync")).isEqualTo(CircuitBreakerState.OPEN);

        Throwable third = catchThrowable(service::sync);
        assertThat(third).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(((CircuitBreakerOpenException) third).getPolicy()).isEqualTo("sync");
        assertThat(service.calls.get()).as("open: the dependency is not called").isEqualTo(4);
    }

    @Test
    void halfOpenTrialClosesTheBreaker() throws Exception {
        breakers.forceOpen("sync");
        assertThatThrownBy(service::sync).isInstanceOf(CircuitBreakerOpenException.class);
        breakers.reset("sync");
        // open it for real
        assertThatThrownBy(service::sync).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(service::sync).isInstanceOf(CircuitBreakerOpenException.class);
        service.failing = false;
        Thread.sleep(400);
        assertThat(breakers.state("sync")).isEqualTo(CircuitBreakerState.HALF_OPEN);
        assertThat(service.sync()).isEqualTo("ok");
        assertThat(breakers.state("sync")).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void openBreakerFailsUniFastWithoutCallingTheMethod() throws Exception {
        Throwable first = failure(service.uni());
        assertThat(first).isInstanceOf(IllegalStateException.class);
        assertThat(failure(service.uni())).isInstanceOf(CircuitBreakerOpenException.class);
        int calls = service.calls.get();
        assertThat(calls).isEqualTo(4);
        assertThat(failure(service.uni())).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(service.calls.get()).isEqualTo(calls);
    }

    @Test
    void openBreakerFailsCompletionStageFast() throws Exception {
        assertThat(failure(service.stage())).isInstanceOf(IllegalStateException.class);
        assertThat(failure(service.stage())).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(service.calls.get()).isEqualTo(4);
        assertThat(failure(service.stage())).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(service.calls.get()).isEqualTo(4);
    }

    @Test
    void forcedClosedBreakerLetsEverythingThrough() {
        breakers.forceClosed("sync");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(service::sync).isInstanceOf(IllegalStateException.class);
        }
        assertThat(service.calls.get()).isEqualTo(15);
        assertThat(breakers.state("sync")).isEqualTo(CircuitBreakerState.FORCED_CLOSED);
    }

    private static Throwable failure(Object result) throws Exception {
        CompletableFuture<?> future = result instanceof Uni<?> uni ? uni.subscribeAsCompletionStage()
                : ((CompletionStage<?>) result).toCompletableFuture();
        try {
            future.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Singleton
    public static class Service {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean failing = true;

        @WithRetry("sync")
        public String sync() {
            int n = calls.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("failure " + n);
            }
            return "ok";
        }

        @WithRetry("uni")
        public Uni<String> uni() {
            int n = calls.incrementAndGet();
            return failing ? Uni.createFrom().failure(new IllegalStateException("failure " + n))
                    : Uni.createFrom().item("ok");
        }

        @WithRetry("stage")
        public CompletableFuture<String> stage() {
            int n = calls.incrementAndGet();
            return failing ? CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("failure " + n);
            }) : CompletableFuture.completedFuture("ok");
        }

        @WithRetry("defaults")
        public void defaults() {
        }

        @WithRetry("plain")
        public void plain() {
        }
    }
}
