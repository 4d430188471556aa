package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

class WaitsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            # measures waits, not the budget: a burst of 1,000 failures would exhaust the budget
                            quarkus.retry.budget.enabled=false
                            quarkus.retry.jitter=none
                            quarkus.retry.base-delay=50ms
                            quarkus.retry.multiplier=2
                            quarkus.retry."wide".jitter=none
                            quarkus.retry."wide".base-delay=200ms
                            quarkus.retry."wide".max-attempts=2
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void syncWaitsAtLeastTheComputedDelays() {
        long start = System.nanoTime();
        service.failing.set(0);
        try {
            service.alwaysFails();
        } catch (IllegalStateException expected) {
            // 3 attempts
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(service.failing.get()).isEqualTo(3);
        assertThat(elapsedMs).as("waits of 50 ms then 100 ms").isGreaterThanOrEqualTo(150);
    }

    @Test
    void uniWaitsAtLeastTheComputedDelays() {
        service.failing.set(0);
        long start = System.nanoTime();
        try {
            service.alwaysFailsUni().await().atMost(Duration.ofSeconds(10));
        } catch (IllegalStateException expected) {
            // 3 attempts
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(service.failing.get()).isEqualTo(3);
        assertThat(elapsedMs).as("waits of 50 ms then 100 ms").isGreaterThanOrEqualTo(150);
    }

    @Test
    void thousandConcurrentUniCallsWaitWithoutBlockingThreads() throws Exception {
        int calls = 1_000;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<String>> results = new ArrayList<>(calls);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            results.add(service.failsOnceThenSucceeds(Integer.toString(i), threads).subscribeAsCompletionStage());
        }
        for (CompletableFuture<String> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).startsWith("ok");
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // 1,000 blocking waits of 200 ms would take 200 s on one thread (or 100 s on two cores).
        assertThat(elapsedMs).as("all waits overlap").isBetween(200L, 15_000L);
        assertThat(service.attempts.get()).isEqualTo(2 * calls);
        assertThat(threads.size()).as("second attempts ran on a few pool threads, not one thread per call")
                .isLessThan(200);
    }

    @Singleton
    public static class Service {
        final AtomicInteger failing = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

        @WithRetry
        public void alwaysFails() {
            failing.incrementAndGet();
            throw new IllegalStateException("no");
        }

        @WithRetry
        public Uni<Void> alwaysFailsUni() {
            failing.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("no"));
        }

        @WithRetry("wide")
        public Uni<String> failsOnceThenSucceeds(String id, Set<String> threads) {
            attempts.incrementAndGet();
            if (failedOnce.add(id)) {
                return Uni.createFrom().failure(new IllegalStateException("first attempt of " + id));
            }
            threads.add(Thread.currentThread().getName());
            return Uni.createFrom().item("ok " + id);
        }
    }
}
