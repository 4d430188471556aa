package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

class UniCancellationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("quarkus.retry.jitter=none\nquarkus.retry.base-delay=300ms\n"),
                            "application.properties"));

    @Inject
    Service service;

    @Test
    void cancellingDuringAWaitStartsNoFurtherAttempt() throws Exception {
        service.calls.set(0);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Cancellable subscription = service.alwaysFails().subscribe().with(outcome::complete,
                outcome::completeExceptionally);
        Thread.sleep(100); // first attempt failed, waiting 300 ms for the second
        assertThat(service.calls.get()).isEqualTo(1);
        subscription.cancel();
        Thread.sleep(600); // past the moment the second attempt would have started
        assertThat(service.calls.get()).as("no attempt after cancellation").isEqualTo(1);
        assertThat(outcome).isNotDone();
    }

    @Test
    void cancellingBeforeTheFirstAttemptEndsPreventsRetries() throws Exception {
        service.calls.set(0);
        Cancellable subscription = service.slowFailure().subscribe().with(item -> {
        }, failure -> {
        });
        subscription.cancel();
        Thread.sleep(500);
        assertThat(service.calls.get()).isEqualTo(1);
    }

    @Singleton
    public static class Service {
        final AtomicInteger calls = new AtomicInteger();

        @WithRetry
        public Uni<String> alwaysFails() {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("no"));
        }

        @WithRetry
        public Uni<String> slowFailure() {
            calls.incrementAndGet();
            return Uni.createFrom().<String> failure(new IllegalStateException("late"))
                    .onFailure().call(() -> Uni.createFrom().nullItem().onItem().delayIt()
                            .by(Duration.ofMillis(100)));
        }
    }
}
