package io.quarkiverse.retry.test.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.Retries;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * The application stops while calls of every shape (sync, {@code Uni}, {@code CompletionStage}, programmatic) wait
 * 30 s to retry: the stop does not wait for them, every pending call completes with its last failure and the note
 * that the application is stopping, and no thread is left waiting. Checked after the application has stopped
 * ({@code setAfterAllCustomizer}); what the test started is handed over through JDK objects in the system
 * properties, as the test class is loaded twice (by JUnit and by the application).
 */
class ShutdownWhileWaitingTest {

    static final String CALLS = "quarkus-retry.test.shutdown.calls";
    static final String STOP_REQUESTED = "quarkus-retry.test.shutdown.stop-requested";
    static final String ATTEMPTS = "quarkus-retry.test.shutdown.attempts";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Backend.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=3
                            quarkus.retry.base-delay=30s
                            quarkus.retry.max-delay=30s
                            quarkus.retry.jitter=none
                            quarkus.retry.budget.enabled=false
                            """), "application.properties"))
            .setAfterAllCustomizer(ShutdownWhileWaitingTest::everyPendingCallCompleted);

    @Inject
    Backend backend;

    @Inject
    Retries retries;

    @Test
    void startCallsThatWaitToRetry() throws Exception {
        Map<String, CompletableFuture<Throwable>> calls = new LinkedHashMap<>();
        calls.put("sync", new CompletableFuture<>());
        calls.put("uni", new CompletableFuture<>());
        calls.put("completionStage", new CompletableFuture<>());
        calls.put("programmatic", new CompletableFuture<>());

        Thread sync = new Thread(() -> {
            try {
                backend.sync();
                calls.get("sync").complete(null);
            } catch (Throwable t) {
                calls.get("sync").complete(t);
            }
        }, "shutdown-test-sync-caller");
        sync.start();
        Thread programmatic = new Thread(() -> {
            try {
                retries.defaultPolicy().call("Backend#programmatic", () -> {
                    Backend.ATTEMPTS.incrementAndGet();
                    throw new IllegalStateException("programmatic down");
                });
                calls.get("programmatic").complete(null);
            } catch (Throwable t) {
                calls.get("programmatic").complete(t);
            }
        }, "shutdown-test-programmatic-caller");
        programmatic.start();
        backend.uni().subscribe().with(item -> calls.get("uni").complete(null), calls.get("uni")::complete);
        backend.stage().whenComplete((value, failure) -> calls.get("completionStage").complete(failure));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Backend.ATTEMPTS.get() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(Backend.ATTEMPTS).as("every call made its first attempt and now waits 30 s").hasValue(4);
        assertThat(calls.values()).noneMatch(CompletableFuture::isDone);
        System.getProperties().put(CALLS, calls);
        System.getProperties().put(ATTEMPTS, Backend.ATTEMPTS);
        System.getProperties().put(STOP_REQUESTED, System.nanoTime());
        // the application stops after this method
    }

    /** After the application stopped. */
    @SuppressWarnings("unchecked")
    static void everyPendingCallCompleted() {
        Map<String, CompletableFuture<Throwable>> calls = (Map<String, CompletableFuture<Throwable>>) System
                .getProperties().remove(CALLS);
        long stopRequested = (Long) System.getProperties().remove(STOP_REQUESTED);
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopRequested);
        assertThat(calls).as("the test handed over its calls").isNotNull().hasSize(4);
        assertThat(stopMs).as("the stop did not wait for the 30 s backoff").isLessThan(15_000);
        calls.forEach((shape, done) -> {
            assertThat(done).as(shape + " completed when the application stopped").isDone();
            Throwable failure = done.join();
            assertThat(failure).as(shape + ": its last failure").isInstanceOf(IllegalStateException.class);
            // the application's RetryStoppedException is another class than this loader's: compared by name
            assertThat(failure.getSuppressed()).as(shape + ": the note").anySatisfy(note -> {
                assertThat(note.getClass().getName()).isEqualTo(RetryStoppedException.class.getName());
                assertThat(note).hasMessageEndingWith("stopped after attempt 1/3: the application is stopping");
            });
        });
        assertThat((AtomicInteger) System.getProperties().remove(ATTEMPTS)).as("no attempt after the stop began")
                .hasValue(4);
        assertThat(Thread.getAllStackTraces().entrySet()).as("no thread still waiting to retry")
                .noneMatch(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith("io.quarkiverse.retry.runtime.core.SyncRetryCall")));
    }

    @ApplicationScoped
    public static class Backend {
        // handed to the check after the stop through the system properties (see the class comment)
        static final AtomicInteger ATTEMPTS = new AtomicInteger();

        @WithRetry
        public String sync() {
            ATTEMPTS.incrementAndGet();
            throw new IllegalStateException("sync down");
        }

        @WithRetry
        public Uni<String> uni() {
            return Uni.createFrom().failure(() -> {
                ATTEMPTS.incrementAndGet();
                return new IllegalStateException("uni down");
            });
        }

        @WithRetry
        public CompletionStage<String> stage() {
            ATTEMPTS.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("stage down"));
        }
    }
}
