package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code retry-on-result} on annotated methods: a predicate bean (with an injected dependency) and a plain class made
 * with its no-argument constructor; every return shape; the last result returned when the attempts run out, with an
 * ERROR line; the breaker counting result-failures unless {@code circuit-breaker.fail-on-result=false}.
 */
class RetryOnResultConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar
                    .addClasses(Jobs.class, PendingBean.class, Marker.class, NullResult.class, LogCapture.class)
                    .addAsResource(
                            new StringAsset(
                                    """
                                            quarkus.retry.max-attempts=3
                                            quarkus.retry.base-delay=1ms
                                            quarkus.retry.jitter=none
                                            quarkus.retry.budget.enabled=false
                                            quarkus.retry.pending.retry-on-result=io.quarkiverse.retry.test.runtime.RetryOnResultConfigTest$PendingBean
                                            quarkus.retry."nulls".retry-on-result=io.quarkiverse.retry.test.runtime.RetryOnResultConfigTest$NullResult
                                            quarkus.retry.counted.retry-on-result=io.quarkiverse.retry.test.runtime.RetryOnResultConfigTest$PendingBean
                                            quarkus.retry.counted.circuit-breaker.enabled=true
                                            quarkus.retry.counted.circuit-breaker.request-volume-threshold=3
                                            quarkus.retry.counted.circuit-breaker.failure-ratio=1.0
                                            quarkus.retry.counted.circuit-breaker.delay=60s
                                            quarkus.retry.ignored.retry-on-result=io.quarkiverse.retry.test.runtime.RetryOnResultConfigTest$PendingBean
                                            quarkus.retry.ignored.circuit-breaker.enabled=true
                                            quarkus.retry.ignored.circuit-breaker.request-volume-threshold=3
                                            quarkus.retry.ignored.circuit-breaker.failure-ratio=1.0
                                            quarkus.retry.ignored.circuit-breaker.fail-on-result=false
                                            """),
                            "application.properties"));

    @Inject
    Jobs jobs;

    @Inject
    CircuitBreakers breakers;

    @BeforeEach
    void reset() {
        Jobs.calls.set(0);
        Jobs.doneAfter = 3;
    }

    @Test
    void syncUniAndCompletionStageRetryOnAResultThePredicateBeanRejects() throws Exception {
        assertThat(jobs.sync()).isEqualTo("done");
        assertThat(Jobs.calls).hasValue(3);

        Jobs.calls.set(0);
        assertThat(jobs.uni().await().atMost(Duration.ofSeconds(10))).isEqualTo("done");
        assertThat(Jobs.calls).hasValue(3);

        Jobs.calls.set(0);
        assertThat(jobs.stage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(Jobs.calls).hasValue(3);
    }

    @Test
    void whenTheAttemptsRunOutTheLastResultIsReturnedAndLogged() throws Exception {
        Jobs.doneAfter = 100;
        try (LogCapture log = new LogCapture()) {
            assertThat(jobs.sync()).isEqualTo("pending 3");
            assertThat(log.messages()).anySatisfy(m -> assertThat(m).isEqualTo(Jobs.class.getName()
                    + "#sync failed on attempt 3/3 with the result pending 3, a failure by the policy's"
                    + " retry-on-result; giving up: max-attempts (3) reached; returning the last result"));
            ExtLogRecord error = (ExtLogRecord) log.records.get(log.records.size() - 1);
            assertThat(error.getThrown()).as("nothing was thrown").isNull();
            assertThat(error.getMdc("retry.error-type")).isEqualTo("_OTHER");
        }
        Jobs.calls.set(0);
        assertThat(jobs.uni().await().atMost(Duration.ofSeconds(10))).isEqualTo("pending 3");
        Jobs.calls.set(0);
        assertThat(jobs.stage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("pending 3");
    }

    @Test
    void aPlainClassIsMadeWithItsNoArgumentConstructor() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(jobs.nullable(calls)).isEqualTo("finally");
        assertThat(calls).hasValue(3);
    }

    @Test
    void resultFailuresCountAgainstTheBreakerUnlessConfiguredOtherwise() {
        Jobs.doneAfter = 100;
        jobs.counted();
        assertThat(breakers.state("counted")).isEqualTo(CircuitBreakerState.OPEN);

        Jobs.calls.set(0);
        jobs.ignored();
        assertThat(Jobs.calls).hasValue(3);
        assertThat(breakers.state("ignored")).isEqualTo(CircuitBreakerState.CLOSED);
    }

    /** A bean dependency of the predicate: proves the predicate is the CDI bean. */
    @ApplicationScoped
    public static class Marker {
        String pendingPrefix() {
            return "pending";
        }
    }

    @ApplicationScoped
    public static class PendingBean implements Predicate<Object> {
        @Inject
        Marker marker;

        @Override
        public boolean test(Object result) {
            return result instanceof String s && s.startsWith(marker.pendingPrefix());
        }
    }

    /** Not a bean: made with its constructor. */
    public static class NullResult implements Predicate<Object> {
        @Override
        public boolean test(Object result) {
            return result == null;
        }
    }

    @ApplicationScoped
    public static class Jobs {
        // static: the test reads them through the client proxy
        static final AtomicInteger calls = new AtomicInteger();
        static volatile int doneAfter = 3;

        private String next() {
            int call = calls.incrementAndGet();
            return call >= doneAfter ? "done" : "pending " + call;
        }

        @WithRetry("pending")
        public String sync() {
            return next();
        }

        @WithRetry("pending")
        public Uni<String> uni() {
            return Uni.createFrom().item(this::next);
        }

        @WithRetry("pending")
        public CompletionStage<String> stage() {
            return CompletableFuture.supplyAsync(this::next);
        }

        @WithRetry("nulls")
        public String nullable(AtomicInteger counter) {
            return counter.incrementAndGet() < 3 ? null : "finally";
        }

        @WithRetry("counted")
        public String counted() {
            return next();
        }

        @WithRetry("ignored")
        public String ignored() {
            return next();
        }
    }
}
