package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.noDelay;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static io.quarkiverse.retry.runtime.core.TestSupport.withRetryLogOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.core.TestSupport.ImmediateScheduler;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.smallrye.mutiny.Uni;

/**
 * Results that are failures ({@link RetryPolicy#resultFailure()}), in each return shape: retried like a thrown
 * failure, the last result returned (never an exception) when the attempts run out, a predicate that throws failing
 * the attempt, the breaker counting result-failures unless told otherwise, and the events seeing them.
 */
@Timeout(20)
class RetryOnResultTest {

    private static final String METHOD = "com.acme.Jobs#status";
    private static final Predicate<Object> PENDING = "pending"::equals;

    /** The three ways of running the attempts. */
    enum Shape {
        SYNC,
        UNI,
        COMPLETION_STAGE;

        /** Calls {@code body} through the retrier in this shape and returns the result (or throws the failure). */
        Object call(Retrier retrier, Invoker body) throws Exception {
            switch (this) {
                case SYNC:
                    return retrier.callSync(Invoker.SELF, body);
                case UNI:
                    Invoker asUni = () -> {
                        try {
                            return Uni.createFrom().item(body.invoke());
                        } catch (Exception e) {
                            return Uni.createFrom().failure(e);
                        }
                    };
                    return retrier.retryUni(asUni).await().atMost(Duration.ofSeconds(10));
                default:
                    Invoker asStage = () -> {
                        CompletableFuture<Object> stage = new CompletableFuture<>();
                        try {
                            stage.complete(body.invoke());
                        } catch (Exception e) {
                            stage.completeExceptionally(e);
                        }
                        return stage;
                    };
                    CompletionStage<Object> result = retrier.retryCompletionStage(asStage);
                    try {
                        return result.toCompletableFuture().get(10, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw (Exception) e.getCause();
                    }
            }
        }
    }

    /** Records what the engine reports. */
    static final class Events implements RetryEvents {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public RetryListener forMethod(RetryTarget target) {
            return new RetryListener() {
                @Override
                public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
                    seen.add("retry " + attempt + " " + FailedResult.errorType(failure));
                }

                @Override
                public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
                    seen.add(outcome.tag() + " after " + attempts + (failure == null ? ""
                            : " " + FailedResult.errorType(failure)));
                }
            };
        }
    }

    private final Events events = new Events();

    private Retrier retrier(int maxAttempts, Predicate<Object> isFailure) {
        return retrier(maxAttempts, isFailure, null, true);
    }

    private Retrier retrier(int maxAttempts, Predicate<Object> isFailure, CircuitBreaker breaker,
            boolean breakerCountsResults) {
        RetryPolicy policy = policy(maxAttempts, noDelay()).withResultFailure(isFailure);
        return new Retrier(METHOD, policy, new ImmediateScheduler(), () -> true, System::nanoTime, null, breaker, null,
                events, true, breakerCountsResults);
    }

    /** Answers the given results in turn, the last one forever. */
    private static Invoker answers(AtomicInteger calls, Object... results) {
        return () -> results[Math.min(calls.getAndIncrement(), results.length - 1)];
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aResultThatIsAFailureIsRetriedUntilOneIsNot(Shape shape) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Object result = withRetryLogOffResult(() -> shape.call(retrier(3, PENDING),
                answers(calls, "pending", "pending", "done")));

        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
        assertThat(events.seen).containsExactly("retry 1 _OTHER", "retry 2 _OTHER", "success after 3");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void whenTheAttemptsRunOutTheLastResultIsReturned(Shape shape) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Object result = withRetryLogOffResult(() -> shape.call(retrier(3, PENDING), answers(calls, "pending")));

        assertThat(result).as("the last result, not an exception").isEqualTo("pending");
        assertThat(calls).hasValue(3);
        assertThat(events.seen).containsExactly("retry 1 _OTHER", "retry 2 _OTHER", "exhausted after 3 _OTHER");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void nullCanBeAFailure(Shape shape) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Object result = withRetryLogOffResult(() -> shape.call(retrier(4, r -> r == null),
                answers(calls, null, null, 42)));

        assertThat(result).isEqualTo(42);
        assertThat(calls).hasValue(3);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aPredicateThatThrowsFailsTheAttemptWithWhatItThrew(Shape shape) throws Exception {
        IllegalStateException broken = new IllegalStateException("cannot read the status");
        AtomicInteger tests = new AtomicInteger();
        Predicate<Object> flaky = r -> {
            if (tests.incrementAndGet() == 1) {
                throw broken;
            }
            return false;
        };
        AtomicInteger calls = new AtomicInteger();
        Object result = withRetryLogOffResult(() -> shape.call(retrier(3, flaky), answers(calls, "a", "b")));

        assertThat(result).as("the attempt after the failed test").isEqualTo("b");
        assertThat(events.seen).containsExactly("retry 1 " + IllegalStateException.class.getName(), "success after 2");

        // a test that always throws: the call ends with what it threw, as any failure
        AtomicInteger more = new AtomicInteger();
        Throwable thrown = catchThrowable(() -> withRetryLogOffResult(() -> shape.call(retrier(2, r -> {
            throw broken;
        }), answers(more, "x"))));
        assertThat(thrown).isSameAs(broken);
        assertThat(more).hasValue(2);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void anExceptionAfterAResultFailureIsThrownWithoutTheResultAttached(Shape shape) throws Exception {
        IllegalStateException last = new IllegalStateException("down");
        AtomicInteger calls = new AtomicInteger();
        Invoker body = () -> {
            if (calls.getAndIncrement() == 0) {
                return "pending";
            }
            throw last;
        };
        Throwable thrown = catchThrowable(() -> withRetryLogOffResult(() -> shape.call(retrier(2, PENDING), body)));

        assertThat(thrown).isSameAs(last);
        assertThat(thrown.getSuppressed()).as("a result is not an exception to attach").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void resultFailuresCountAgainstTheBreaker(Shape shape) throws Exception {
        CircuitBreaker breaker = new CircuitBreaker("jobs", 2, 1.0, TimeUnit.SECONDS.toNanos(60), 1, System::nanoTime);
        AtomicInteger calls = new AtomicInteger();
        Object result = withRetryLogOffResult(() -> shape.call(retrier(3, PENDING, breaker, true),
                answers(calls, "pending")));

        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(calls).as("the third attempt is refused by the open breaker").hasValue(2);
        assertThat(result).as("the last result, even when the breaker stops the sequence").isEqualTo("pending");
        assertThat(events.seen).last().isEqualTo("circuit_open after 2 _OTHER");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void resultFailuresCanBeIgnoredByTheBreaker(Shape shape) throws Exception {
        CircuitBreaker breaker = new CircuitBreaker("jobs", 2, 1.0, TimeUnit.SECONDS.toNanos(60), 1, System::nanoTime);
        AtomicInteger calls = new AtomicInteger();
        Object result = withRetryLogOffResult(() -> shape.call(retrier(3, PENDING, breaker, false),
                answers(calls, "pending")));

        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
        assertThat(breaker.failuresInWindow()).isZero();
        assertThat(calls).hasValue(3);
        assertThat(result).isEqualTo("pending");
    }

    @Test
    void aPolicyWithoutATestOfResultsNeverLooksAtThem() throws Exception {
        Retrier retrier = new Retrier(METHOD, policy(3, noDelay()), new ImmediateScheduler(), () -> true,
                System::nanoTime, null, null, null, events, true);
        assertThat(retrier.resultFailed("anything")).isNull();
        assertThat(retrier.callSync(Invoker.SELF, (Invoker) () -> "pending")).isEqualTo("pending");
        assertThat(events.seen).containsExactly("success after 1");
    }

    @Test
    void theLogShowsTheResultBounded() {
        String huge = "x".repeat(10_000);
        assertThat(RetryLog.describe(new FailedResult(huge))).startsWith("the result xxx")
                .contains("... (10000 characters), a failure by the policy's retry-on-result")
                .hasSizeLessThan(FailedResult.MAX_DESCRIPTION + 100);
        Object rude = new Object() {
            @Override
            public String toString() {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(FailedResult.describe(rude)).contains("toString() threw java.lang.UnsupportedOperationException");
        assertThat(FailedResult.describe(null)).isEqualTo("null");
    }

    private interface Body {
        Object get() throws Exception;
    }

    private static Object withRetryLogOffResult(Body body) throws Exception {
        Object[] result = new Object[1];
        withRetryLogOff(() -> result[0] = body.get());
        return result[0];
    }
}
