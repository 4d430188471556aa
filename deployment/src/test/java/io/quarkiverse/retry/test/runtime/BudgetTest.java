package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.runtime.RetryRegistry;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * The shared budget has no ratio and a floor of 2 retries per second over a 5 s window: 10 retries in all, however
 * many calls fail. The "own" policy has a budget of its own, "unlimited" has none.
 */
class BudgetTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, LogCapture.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=0
                            quarkus.retry.budget.ratio=0
                            quarkus.retry.budget.min-retries-per-second=2
                            quarkus.retry.budget.window=5s
                            quarkus.retry.other.max-attempts=3
                            quarkus.retry.own.budget.shared=false
                            quarkus.retry.own.budget.ratio=0.5
                            quarkus.retry.own.budget.min-retries-per-second=0
                            quarkus.retry.unlimited.budget.enabled=false
                            """), "application.properties"));

    @Inject
    Service service;

    @Inject
    RetryRegistry registry;

    @Test
    void keysAndDefaults() {
        RetryBudget shared = registry.budgets().get("");
        assertThat(shared.ratio()).isZero();
        assertThat(shared.minRetriesPerSecond()).isEqualTo(2.0);
        assertThat(shared.windowSeconds()).isEqualTo(5.0);
        assertThat(shared.burstFactor()).as("built-in default").isEqualTo(2.0);
        assertThat(registry.budgets().get("other")).as("named policies share the budget by default").isSameAs(shared);
        RetryBudget own = registry.budgets().get("own");
        assertThat(own).isNotSameAs(shared);
        assertThat(own.ratio()).isEqualTo(0.5);
        assertThat(own.minRetriesPerSecond()).isZero();
        assertThat(own.windowSeconds()).as("inherited from the shared budget's keys").isEqualTo(5.0);
        assertThat(registry.budgets()).doesNotContainKey("unlimited");
    }

    @Test
    void budgetDeniesRetriesUnderABurstOfFailuresAndLogsOnce() {
        List<LogRecord> records;
        try (LogCapture capture = new LogCapture()) {
            records = capture.records;
            service.calls.set(0);
            for (int i = 0; i < 30; i++) {
                IllegalStateException failure = (IllegalStateException) org.assertj.core.api.Assertions
                        .catchThrowable(service::alwaysFails);
                assertThat(failure).hasMessageStartingWith("failure");
            }
            // 30 first attempts + the 10 retries of the floor (2/s over 5 s), not 30 * 3 = 90
            assertThat(service.calls.get()).isEqualTo(40);

            service.calls.set(0);
            for (int i = 0; i < 30; i++) {
                assertThatThrownBy(service::unlimited).isInstanceOf(IllegalStateException.class);
            }
            assertThat(service.calls.get()).as("no budget: every call makes its 3 attempts").isEqualTo(90);
        }
        List<String> exhausted = records.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
                .map(r -> ((ExtLogRecord) r).getFormattedMessage()).filter(m -> m.contains("exhausted")).toList();
        assertThat(exhausted).as("at most one line per budget per second").hasSize(1);
        assertThat(exhausted.get(0)).contains("Retry budget shared is exhausted");
    }

    @Test
    void deniedRetryOfAUniPropagatesTheLastFailureAtOnce() throws Exception {
        service.calls.set(0);
        // drain the own budget (ratio 0.5, no floor): 2 first attempts allow 1 retry
        CompletableFuture<String> first = service.ownUni().subscribeAsCompletionStage();
        CompletableFuture<String> second = service.ownUni().subscribeAsCompletionStage();
        assertThat(catchFailure(first)).isInstanceOf(IllegalStateException.class);
        assertThat(catchFailure(second)).isInstanceOf(IllegalStateException.class);
        assertThat(service.calls.get()).as("2 first attempts, 1 retry granted").isEqualTo(3);
    }

    private static Throwable catchFailure(CompletableFuture<?> future) throws Exception {
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

        @WithRetry
        public void alwaysFails() {
            throw new IllegalStateException("failure " + calls.incrementAndGet());
        }

        @WithRetry("unlimited")
        public void unlimited() {
            throw new IllegalStateException("failure " + calls.incrementAndGet());
        }

        @WithRetry("own")
        public Uni<String> ownUni() {
            return Uni.createFrom().failure(new IllegalStateException("failure " + calls.incrementAndGet()));
        }
    }
}
