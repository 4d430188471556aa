package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.SECOND;
import static io.quarkiverse.retry.runtime.core.TestSupport.fixed;
import static io.quarkiverse.retry.runtime.core.TestSupport.noDelay;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static io.quarkiverse.retry.runtime.core.TestSupport.withRetryLogOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.retry.runtime.core.TestSupport.CountingInvoker;
import io.quarkiverse.retry.runtime.core.TestSupport.ExecutorScheduler;
import io.quarkiverse.retry.runtime.core.TestSupport.Failures;
import io.quarkiverse.retry.runtime.core.TestSupport.ImmediateScheduler;
import io.quarkiverse.retry.runtime.core.TestSupport.VirtualTimeScheduler;

@Timeout(20)
class RetrierCompletionStageTest {

    private static final String METHOD = "com.acme.Foo#stage";
    private static final LongSupplier NO_CLOCK = () -> {
        throw new AssertionError("the clock must not be read without max-duration");
    };

    private static ScheduledExecutorService executor;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private static Retrier retrier(RetryPolicy policy, DelayScheduler scheduler) {
        return new Retrier(METHOD, policy, scheduler, () -> {
            throw new AssertionError("non-blocking retries never ask whether they may block");
        }, NO_CLOCK);
    }

    /** The raw failure the future completed with (not wrapped, unlike join/get). */
    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        future.whenComplete((value, t) -> {
            failure.set(t);
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
        assertThat(failure.get()).as("completed exceptionally").isNotNull();
        return failure.get();
    }

    @Test
    void startsAtOnce() throws Exception {
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.completedFuture("ok"));
        CompletableFuture<String> result = retrier(policy(3, noDelay()), new ImmediateScheduler())
                .retryCompletionStage(invoker);
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(result).isCompletedWithValue("ok");
    }

    @Test
    void synchronousThrowAndExceptionalStageAreBothFailures() {
        CountingInvoker invoker = new CountingInvoker(call -> {
            switch (call) {
                case 1:
                    throw new IOException("thrown");
                case 2:
                    return CompletableFuture.failedFuture(new IOException("failed stage"));
                case 3:
                    return CompletableFuture.supplyAsync(() -> {
                        throw new IllegalStateException("failed asynchronously");
                    }, executor);
                default:
                    return CompletableFuture.completedFuture("ok " + call);
            }
        });
        CompletableFuture<String> result = retrier(policy(5, noDelay()), new ImmediateScheduler())
                .retryCompletionStage(invoker);
        assertThat(result).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("ok 4");
        assertThat(invoker.calls()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0} failures")
    @ValueSource(ints = { 0, 1, 2, 3, 4 })
    void succeedsAfterKFailures(int k) {
        Failures failures = new Failures();
        CountingInvoker invoker = new CountingInvoker(call -> call <= k
                ? CompletableFuture.failedFuture(failures.next())
                : CompletableFuture.completedFuture(call));
        CompletableFuture<Integer> result = retrier(policy(5, noDelay()), new ImmediateScheduler())
                .retryCompletionStage(invoker);
        assertThat(result).isCompletedWithValue(k + 1);
        assertThat(invoker.calls()).isEqualTo(k + 1);
    }

    @Test
    void succeedsWithRealTimersAndAsynchronousStages() {
        Failures failures = new Failures();
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.supplyAsync(() -> {
            if (call < 3) {
                throw failures.next() instanceof RuntimeException r ? r : new IllegalStateException();
            }
            return "async " + call;
        }, executor));
        ExecutorScheduler scheduler = new ExecutorScheduler(executor);
        CompletableFuture<String> result = retrier(policy(5, fixed(MS)), scheduler).retryCompletionStage(invoker);
        assertThat(result).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("async 3");
        assertThat(invoker.calls()).isEqualTo(3);
        assertThat(scheduler.delays()).containsExactly(MS, MS);
    }

    @Test
    void completionExceptionWrappersAreRemovedFromTheFinalFailure() throws Exception {
        IOException cause = new IOException("root");
        CountingInvoker invoker = new CountingInvoker(
                call -> CompletableFuture.failedFuture(new CompletionException(new CompletionException(cause))));
        CompletableFuture<Object> result = retrier(policy(2, noDelay()), new ImmediateScheduler())
                .retryCompletionStage(invoker);
        assertThat(failureOf(result)).isSameAs(cause);
        assertThat(invoker.calls()).isEqualTo(2);
    }

    @Test
    void dependentStagesFailingWithWrappedExceptionsAreUnwrapped() throws Exception {
        Failures failures = new Failures();
        // thenApply on a failed future completes the dependent with a CompletionException wrapper
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.supplyAsync(() -> "x", executor)
                .thenApply(x -> {
                    throw (IllegalStateException) failures.next();
                }));
        CompletableFuture<Object> result = retrier(policy(3, noDelay()), new ImmediateScheduler())
                .retryCompletionStage(invoker);
        Throwable failure = failureOf(result);
        assertThat(failure).isNotInstanceOf(CompletionException.class).isSameAs(failures.get(2));
        assertThat(failure.getSuppressed()).containsExactly(failures.get(0), failures.get(1));
    }

    @Test
    void retryabilityIsDecidedOnTheUnwrappedFailure() throws Exception {
        RetryPolicy policy = new RetryPolicy("p", 5, noDelay(), RetryPolicy.NO_MAX_DURATION,
                List.of(Exception.class), List.of(IllegalArgumentException.class));
        IllegalArgumentException abort = new IllegalArgumentException("abort");
        CountingInvoker invoker = new CountingInvoker(
                call -> CompletableFuture.failedFuture(new CompletionException(abort)));
        CompletableFuture<Object> result = retrier(policy, new ImmediateScheduler()).retryCompletionStage(invoker);
        assertThat(failureOf(result)).isSameAs(abort);
        assertThat(invoker.calls()).isEqualTo(1);
    }

    @Test
    void completionExceptionWithoutCauseIsKept() throws Exception {
        CompletionException bare = new CompletionException("no cause", null);
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.failedFuture(bare));
        CompletableFuture<Object> result = retrier(policy(2, noDelay()), new ImmediateScheduler())
                .retryCompletionStage(invoker);
        assertThat(failureOf(result)).isSameAs(bare);
    }

    @Test
    void exhaustionGivesTheLastFailureWithEarlierOnesSuppressed() throws Exception {
        Failures failures = new Failures();
        CountingInvoker invoker = new CountingInvoker(call -> {
            if (call % 2 == 0) {
                throw failures.next();
            }
            return CompletableFuture.failedFuture(failures.next());
        });
        CompletableFuture<Object> result = retrier(policy(4, noDelay()), new ImmediateScheduler())
                .retryCompletionStage(invoker);
        Throwable failure = failureOf(result);
        assertThat(invoker.calls()).isEqualTo(4);
        assertThat(failure).isSameAs(failures.get(3));
        assertThat(failure.getSuppressed()).containsExactly(failures.get(0), failures.get(1), failures.get(2));
    }

    @Test
    void sameInstanceOnEveryAttemptDoesNotSelfSuppress() throws Exception {
        IOException same = new IOException("same");
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.failedFuture(same));
        Throwable failure = failureOf(
                retrier(policy(3, noDelay()), new ImmediateScheduler()).retryCompletionStage(invoker));
        assertThat(failure).isSameAs(same);
        assertThat(failure.getSuppressed()).isEmpty();
    }

    @Test
    void nonRetryableFailurePropagatesAtOnce() throws Exception {
        OutOfMemoryError error = new OutOfMemoryError("not an exception");
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw error;
        });
        CompletableFuture<Object> result = retrier(policy(5, noDelay()), new ImmediateScheduler())
                .retryCompletionStage(invoker);
        assertThat(failureOf(result)).isSameAs(error);
        assertThat(invoker.calls()).isEqualTo(1);
    }

    @Test
    void schedulesTheWaitsAndRetriesWhenTheTimerFires() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        CountingInvoker invoker = new CountingInvoker(call -> call < 3
                ? CompletableFuture.failedFuture(new IOException())
                : CompletableFuture.completedFuture("ok"));
        Backoff backoff = new Backoff(10 * MS, SECOND, 3.0, Jitter.NONE, TestSupport.constant(0.5));
        CompletableFuture<String> result = retrier(policy(5, backoff), scheduler).retryCompletionStage(invoker);
        assertThat(result).isNotDone();
        assertThat(invoker.calls()).isEqualTo(1);
        scheduler.runAll();
        assertThat(result).isCompletedWithValue("ok");
        assertThat(scheduler.delays()).containsExactly(10 * MS, 30 * MS);
    }

    // ---------------------------------------------------------------- cancellation

    @Test
    void cancellingTheFutureDuringAWaitStopsFurtherAttempts() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.failedFuture(new IOException()));
        CompletableFuture<Object> result = retrier(policy(5, fixed(SECOND)), scheduler).retryCompletionStage(invoker);
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(scheduler.tasks()).hasSize(1);

        assertThat(result.cancel(false)).isTrue();
        scheduler.last().runAnyway(); // whether or not the timer was cancelled
        assertThat(scheduler.runAll()).isZero();
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(scheduler.tasks()).hasSize(1);
        assertThat(result).isCancelled();
    }

    @Test
    void cancellingTheFutureDuringAnAttemptStopsFurtherAttempts() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        CompletableFuture<Object> inFlight = new CompletableFuture<>();
        CountingInvoker invoker = new CountingInvoker(call -> inFlight);
        CompletableFuture<Object> result = retrier(policy(5, noDelay()), scheduler).retryCompletionStage(invoker);
        result.cancel(false);
        inFlight.completeExceptionally(new IOException("late failure"));
        assertThat(scheduler.runAll()).isZero();
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(result).isCancelled();
    }

    @Test
    void completingTheFutureFromOutsideStopsFurtherAttempts() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.failedFuture(new IOException()));
        CompletableFuture<Object> result = retrier(policy(5, fixed(SECOND)), scheduler).retryCompletionStage(invoker);
        result.complete("fallback");
        scheduler.last().runAnyway();
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(result).isCompletedWithValue("fallback");
    }

    @Test
    void cancellingWithRealTimersStopsTheSequence() throws Exception {
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.failedFuture(new IOException()));
        CompletableFuture<Object> result = retrier(policy(1000, fixed(2 * MS)), new ExecutorScheduler(executor))
                .retryCompletionStage(invoker);
        Thread.sleep(20);
        result.cancel(false);
        int callsAtCancel = invoker.calls();
        Thread.sleep(50);
        // at most one attempt may already have been under way when cancel was called
        assertThat(invoker.calls()).isLessThanOrEqualTo(callsAtCancel + 1);
        assertThat(callsAtCancel).isLessThan(1000);
    }

    // ---------------------------------------------------------------- long sequences

    @Test
    void tenThousandSynchronousFailuresDoNotOverflowTheStack() throws Exception {
        withRetryLogOff(() -> {
            CountingInvoker invoker = new CountingInvoker(call -> {
                if (call % 2 == 0) {
                    throw new IOException("call " + call);
                }
                return CompletableFuture.failedFuture(new IOException("call " + call));
            });
            CompletableFuture<Object> result = retrier(policy(10_000, noDelay()), new ImmediateScheduler())
                    .retryCompletionStage(invoker);
            Throwable failure = failureOf(result);
            assertThat(failure).isInstanceOf(IOException.class).hasMessage("call 10000");
            assertThat(invoker.calls()).isEqualTo(10_000);
        });
    }
}
