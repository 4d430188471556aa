package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

class VertxContextTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("quarkus.retry.base-delay=20ms\nquarkus.retry.max-attempts=3\n"),
                            "application.properties"));

    @Inject
    Service service;

    @Inject
    Vertx vertx;

    @Test
    void uniAttemptsAfterAWaitRunOnTheCallersDuplicatedContext() throws Exception {
        service.reset();
        Context duplicated = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        duplicated.putLocal("request-id", "r-42");
        CompletableFuture<String> result = new CompletableFuture<>();
        duplicated.runOnContext(ignored -> service.uni().subscribe().with(result::complete, result::completeExceptionally));
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(service.contexts).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(duplicated));
        assertThat(service.locals).containsExactly("r-42", "r-42", "r-42");
    }

    @Test
    void completionStageAttemptsRunOnTheCallersDuplicatedContext() throws Exception {
        service.reset();
        Context duplicated = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<String> result = new CompletableFuture<>();
        duplicated.runOnContext(ignored -> service.stage().whenComplete((v, t) -> {
            if (t != null) {
                result.completeExceptionally(t);
            } else {
                result.complete(v);
            }
        }));
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(service.contexts).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(duplicated));
    }

    @Test
    void syncMethodRefusesToSleepOnTheEventLoop() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            try {
                service.sync();
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        Throwable thrown = failure.get(10, TimeUnit.SECONDS);
        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Service.class.getName() + "#sync")
                .hasMessageContaining("must not block");
        assertThat(thrown.getCause()).hasMessage("sync failure");
    }

    @Singleton
    public static class Service {
        final AtomicInteger calls = new AtomicInteger();
        final List<Context> contexts = new CopyOnWriteArrayList<>();
        final List<Object> locals = new CopyOnWriteArrayList<>();

        void reset() {
            calls.set(0);
            contexts.clear();
            locals.clear();
        }

        @WithRetry
        public Uni<String> uni() {
            contexts.add(Vertx.currentContext());
            locals.add(Vertx.currentContext().getLocal("request-id"));
            if (calls.incrementAndGet() < 3) {
                return Uni.createFrom().failure(new IllegalStateException("attempt " + calls.get()));
            }
            return Uni.createFrom().item("ok");
        }

        @WithRetry
        public CompletableFuture<String> stage() {
            contexts.add(Vertx.currentContext());
            if (calls.incrementAndGet() < 3) {
                // fail on another thread, as a real client would
                return CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("attempt " + calls.get());
                });
            }
            return CompletableFuture.completedFuture("ok");
        }

        @WithRetry
        public String sync() {
            throw new IllegalStateException("sync failure");
        }
    }
}
