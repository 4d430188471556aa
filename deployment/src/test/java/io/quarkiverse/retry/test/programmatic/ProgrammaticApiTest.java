package io.quarkiverse.retry.test.programmatic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.Retries;
import io.quarkiverse.retry.Retry;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.UnknownRetryPolicyException;
import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.test.runtime.LogCapture;
import io.quarkiverse.retry.test.runtime.TransientException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The programmatic API ({@link Retries}, {@link Retry}) in every shape: attempt counts, checked exceptions, laziness
 * and one sequence per subscription of {@code uni}, cancellation, the budget and breaker shared with
 * {@code @WithRetry} methods of the same policy, the logs naming the operation, derived handles and unknown policies.
 */
class ProgrammaticApiTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Annotated.class, TransientException.class, LogCapture.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=3
                            quarkus.retry.base-delay=1ms
                            quarkus.retry.jitter=none
                            quarkus.retry.budget.enabled=false
                            quarkus.retry.slow.base-delay=10s
                            quarkus.retry.slow.max-delay=10s
                            quarkus.retry.guarded.budget.enabled=true
                            quarkus.retry.guarded.budget.shared=false
                            quarkus.retry.guarded.budget.ratio=0.0
                            quarkus.retry.guarded.budget.min-retries-per-second=0.1
                            quarkus.retry.guarded.circuit-breaker.enabled=true
                            quarkus.retry.guarded.circuit-breaker.request-volume-threshold=4
                            quarkus.retry.guarded.circuit-breaker.failure-ratio=1.0
                            quarkus.retry.guarded.circuit-breaker.delay=60s
                            quarkus.retry.breaker.circuit-breaker.enabled=true
                            quarkus.retry.breaker.circuit-breaker.request-volume-threshold=4
                            quarkus.retry.breaker.circuit-breaker.failure-ratio=1.0
                            quarkus.retry.breaker.circuit-breaker.delay=60s
                            """), "application.properties"));

    @Inject
    Retries retries;

    @Inject
    Annotated annotated;

    @Inject
    CircuitBreakers breakers;

    @BeforeEach
    void resetBreakers() {
        breakers.policies().forEach(breakers::reset);
    }

    /** A body that fails {@code failures} times with a retryable exception, then returns its call count. */
    private static java.util.function.Supplier<Integer> failing(AtomicInteger calls, int failures) {
        return () -> {
            int call = calls.incrementAndGet();
            if (call <= failures) {
                throw new TransientException("call " + call);
            }
            return call;
        };
    }

    @Test
    void callRetriesUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(retries.defaultPolicy().call("Inventory#stock", failing(calls, 2))).isEqualTo(3);
        assertThat(calls).hasValue(3);
    }

    @Test
    void callThrowsTheLastFailureWithTheEarlierOnesSuppressed() {
        AtomicInteger calls = new AtomicInteger();
        Throwable thrown = catchThrowable(() -> retries.policy("").call("Inventory#stock", failing(calls, 10)));
        assertThat(thrown).isInstanceOf(TransientException.class).hasMessage("call 3");
        assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("call 1", "call 2");
        assertThat(calls).hasValue(3);
    }

    @Test
    void runAndTheCheckedVariants() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        retries.defaultPolicy().run("Cache#warm", () -> failing(runs, 1).get());
        assertThat(runs).hasValue(2);

        AtomicInteger checked = new AtomicInteger();
        String value = retries.defaultPolicy().callChecked("Files#read", () -> {
            if (checked.incrementAndGet() < 3) {
                throw new IOException("not yet");
            }
            return "content";
        });
        assertThat(value).isEqualTo("content");
        assertThat(checked).hasValue(3);

        AtomicInteger checkedRuns = new AtomicInteger();
        assertThatThrownBy(() -> retries.defaultPolicy().runChecked("Files#write", () -> {
            checkedRuns.incrementAndGet();
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(checkedRuns).hasValue(3);
    }

    @Test
    void uniIsLazyAndRunsOneSequencePerSubscription() {
        AtomicInteger calls = new AtomicInteger();
        Uni<Integer> uni = retries.defaultPolicy().uni("Inventory#stockUni",
                () -> Uni.createFrom().item(() -> failing(calls, 2).get()));
        assertThat(calls).as("nothing happens before a subscription").hasValue(0);

        assertThat(uni.await().atMost(Duration.ofSeconds(10))).isEqualTo(3);
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThat(uni.await().atMost(Duration.ofSeconds(10))).as("a second subscription starts over").isEqualTo(3);
        assertThat(calls).hasValue(3);
    }

    @Test
    void uniFailsWithTheLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        UniAssertSubscriber<Integer> subscriber = retries.defaultPolicy()
                .uni("Inventory#stockUni", () -> Uni.createFrom().item(() -> failing(calls, 10).get()))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        subscriber.awaitFailure(Duration.ofSeconds(10)).assertFailedWith(TransientException.class, "call 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void cancellingAUniStopsTheSequence() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        UniAssertSubscriber<Integer> subscriber = retries.policy("slow")
                .uni("Inventory#slow", () -> Uni.createFrom().item(() -> failing(calls, 10).get()))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(calls).hasValue(1); // now waiting 10 s before attempt 2
        subscriber.cancel();
        Thread.sleep(100);
        assertThat(calls).as("no attempt after the cancellation").hasValue(1);
        subscriber.assertNotTerminated();
    }

    @Test
    void completionStageStartsAtOnceAndRetries() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletionStage<Integer> stage = retries.defaultPolicy().completionStage("Inventory#stockAsync",
                () -> CompletableFuture.supplyAsync(() -> failing(calls, 2).get()));
        assertThat(stage.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(calls).hasValue(3);

        AtomicInteger failures = new AtomicInteger();
        CompletionStage<Integer> failed = retries.defaultPolicy().completionStage("Inventory#stockAsync",
                () -> CompletableFuture.supplyAsync(() -> failing(failures, 10).get()));
        assertThatThrownBy(() -> failed.toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TransientException.class)
                .hasMessage("call 3");
    }

    @Test
    void cancellingTheCompletionStageStopsTheSequence() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Integer> stage = retries.policy("slow").completionStage("Inventory#slowAsync",
                () -> CompletableFuture.completedFuture(failing(calls, 10).get())).toCompletableFuture();
        assertThat(calls).hasValue(1);
        stage.cancel(false);
        Thread.sleep(100);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theLogsNameTheOperation() {
        try (LogCapture log = new LogCapture()) {
            AtomicInteger calls = new AtomicInteger();
            retries.defaultPolicy().call("PaymentGateway#charge", failing(calls, 1));
            assertThat(log.messages()).anySatisfy(m -> assertThat(m)
                    .startsWith("PaymentGateway#charge failed on attempt 1/3 with " + TransientException.class.getName()
                            + ": call 1; retrying in 1 ms"));
            ExtLogRecord record = (ExtLogRecord) log.records.get(0);
            assertThat(record.getMdc("retry.method")).isEqualTo("PaymentGateway#charge");
            assertThat(record.getMdc("retry.policy")).isEqualTo("<default>");
        }
    }

    @Test
    void handlesAreTheSameForAName() {
        assertThat(retries.policy("slow")).isSameAs(retries.policy("slow"));
        assertThat(retries.policy("")).isSameAs(retries.defaultPolicy());
        assertThat(retries.policy("slow").policyName()).isEqualTo("slow");
        assertThat(retries.policy("slow").maxAttempts()).isEqualTo(3);
    }

    @Test
    void derivedHandles() {
        Retry five = retries.defaultPolicy().withMaxAttempts(5);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> five.call("Inventory#stock", failing(calls, 10)))
                .isInstanceOf(TransientException.class).hasMessage("call 5");
        assertThat(five.maxAttempts()).isEqualTo(5);
        assertThat(retries.defaultPolicy().maxAttempts()).as("the base handle is unchanged").isEqualTo(3);
        assertThatThrownBy(() -> retries.defaultPolicy().withMaxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");

        Retry untilDone = retries.defaultPolicy().retryIf(result -> !"done".equals(result));
        AtomicInteger polls = new AtomicInteger();
        assertThat(untilDone.call("Job#status", () -> polls.incrementAndGet() < 2 ? "pending" : "done"))
                .isEqualTo("done");
        assertThat(polls).hasValue(2);
        AtomicInteger pending = new AtomicInteger();
        assertThat(untilDone.call("Job#status", () -> {
            pending.incrementAndGet();
            return "pending";
        })).as("the last result when the attempts run out").isEqualTo("pending");
        assertThat(pending).hasValue(3);
    }

    @Test
    void anUnknownPolicyFailsWithTheStartupMessage() {
        assertThatThrownBy(() -> retries.policy("paymnets"))
                .isInstanceOf(UnknownRetryPolicyException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Retries.policy(\"paymnets\") names the retry policy \"paymnets\", which has no"
                        + " configuration (no quarkus.retry.\"paymnets\".* property); configured policies: [breaker,"
                        + " guarded, slow]");
    }

    @Test
    void theBreakerIsSharedWithAnnotatedMethods() {
        Retry guarded = retries.policy("breaker");
        AtomicInteger calls = new AtomicInteger();
        // 3 failed attempts through the handle, 1 through the annotated method: the window of 4 is full of failures
        assertThatThrownBy(() -> guarded.call("Backend#op", failing(calls, 10))).isInstanceOf(TransientException.class);
        // its first attempt fills the window: the breaker opens and refuses its retry
        Throwable refused = catchThrowable(() -> annotated.alwaysFails());
        assertThat(refused).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(refused.getSuppressed()).anySatisfy(s -> assertThat(s).hasMessage("annotated"));
        assertThat(breakers.state("breaker")).isEqualTo(CircuitBreakerState.OPEN);

        calls.set(0);
        assertThatThrownBy(() -> guarded.call("Backend#op", failing(calls, 0)))
                .isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(calls).as("the open breaker refuses the handle's call").hasValue(0);
    }

    @Test
    void theBudgetIsSharedWithAnnotatedMethods() {
        // ratio 0 and 0.1 retries per second: the budget has about one retry in its window, for everybody
        breakers.forceClosed("guarded");
        try {
            Retry guarded = retries.policy("guarded");
            AtomicInteger calls = new AtomicInteger();
            int attempts = 0;
            for (int i = 0; i < 5; i++) {
                calls.set(0);
                catchThrowable(() -> guarded.call("Backend#budgeted", failing(calls, 10)));
                attempts += calls.get();
            }
            assertThat(attempts).as("5 calls, far fewer than 5 x 3 attempts: the budget denied the retries")
                    .isLessThan(10);
            Throwable denied = catchThrowable(annotated::guarded);
            assertThat(RetryStoppedException.of(denied)).get().extracting(RetryStoppedException::getOutcome)
                    .isEqualTo(RetryOutcome.BUDGET_DENIED);
        } finally {
            breakers.reset("guarded");
        }
    }

    @ApplicationScoped
    public static class Annotated {
        @WithRetry("breaker")
        public void alwaysFails() {
            throw new TransientException("annotated");
        }

        @WithRetry("guarded")
        public void guarded() {
            throw new TransientException("annotated guarded");
        }
    }
}
