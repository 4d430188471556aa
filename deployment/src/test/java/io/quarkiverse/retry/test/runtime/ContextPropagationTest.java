package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.vertx.core.Vertx;

/**
 * With {@code quarkus-smallrye-context-propagation} (which every application with Mutiny has): a retried {@code Uni}
 * attempt that runs on a worker thread, for a caller without a Vert.x context, sees the caller's propagated CDI
 * request context; and a failure that arrives after a cancellation goes to Mutiny's dropped-exception handler.
 */
class ContextPropagationTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(RequestData.class, Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=50ms
                            quarkus.retry.jitter=none
                            quarkus.retry.budget.enabled=false
                            """), "application.properties"));

    @Inject
    Service service;

    @Inject
    RequestData data;

    @AfterEach
    void restoreDroppedExceptionHandler() {
        Infrastructure.resetDroppedExceptionHandler();
    }

    @Test
    void attemptsOnAWorkerThreadSeeTheCallersRequestContext() {
        assertThat(Vertx.currentContext()).as("a caller without a Vert.x context").isNull();
        String caller = Thread.currentThread().getName();
        String value = UUID.randomUUID().toString();
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        String result;
        try {
            data.set(value);
            result = service.flaky().await().atMost(Duration.ofSeconds(10));
        } finally {
            requestContext.terminate();
        }
        assertThat(result).isEqualTo(value);
        assertThat(service.seen).as("every attempt saw the caller's request-scoped value")
                .containsExactly(value, value, value);
        assertThat(service.threads).hasSize(3);
        assertThat(service.threads.get(0)).as("the first attempt runs on the caller's thread").isEqualTo(caller);
        assertThat(service.threads.subList(1, 3)).as("later attempts run after a timer, on worker threads")
                .allSatisfy(thread -> assertThat(thread).isNotEqualTo(caller));
    }

    @Test
    void aFailureAfterTheCancellationGoesToTheDroppedExceptionHandler() throws Exception {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Infrastructure.setDroppedExceptionHandler(dropped::add);
        IOException late = new IOException("after the cancellation");
        service.subscriber = null;
        Uni<String> uni = service.ignoresCancellation();
        var cancellable = uni.subscribe().with(item -> {
        }, failure -> {
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (service.subscriber == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000);
        }
        cancellable.cancel();
        service.subscriber.onFailure(late); // the attempt ignores the cancellation and fails anyway
        assertThat(dropped).containsExactly(late);
    }

    @RequestScoped
    public static class RequestData {
        private String value;

        void set(String value) {
            this.value = value;
        }

        String value() {
            return value;
        }
    }

    @Singleton
    public static class Service {
        @Inject
        RequestData data;

        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile UniSubscriber<? super String> subscriber;

        /** Fails twice, synchronously; every attempt records the request-scoped value it sees. */
        @WithRetry
        public Uni<String> flaky() {
            threads.add(Thread.currentThread().getName());
            String value;
            try {
                value = data.value();
            } catch (ContextNotActiveException e) {
                value = "no request context";
            }
            seen.add(value);
            if (seen.size() < 3) {
                return Uni.createFrom().failure(new IOException("attempt " + seen.size()));
            }
            return Uni.createFrom().item(value);
        }

        /** An attempt that never completes by itself and ignores cancellation. */
        @WithRetry
        public Uni<String> ignoresCancellation() {
            return new AbstractUni<>() {
                @Override
                public void subscribe(UniSubscriber<? super String> downstream) {
                    downstream.onSubscribe(() -> {
                    });
                    subscriber = downstream;
                }
            };
        }
    }
}
