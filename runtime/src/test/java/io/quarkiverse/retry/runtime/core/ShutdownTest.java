package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.SECOND;
import static io.quarkiverse.retry.runtime.core.TestSupport.fixed;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static io.quarkiverse.retry.runtime.core.TestSupport.withRetryLogOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.runtime.core.TestSupport.ExecutorScheduler;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The application stops while calls wait to retry ({@link RetryShutdown#stop()}): with waits of 10 s, every pending
 * call of every shape completes at once with its last failure and a note (outcome {@code interrupted}), no attempt
 * starts afterwards, no timer is left.
 */
@Timeout(20)
class ShutdownTest {

    private static final long WAIT = 10 * SECOND;

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    private final RetryShutdown shutdown = new RetryShutdown();
    private final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger attempts = new AtomicInteger();

    {
        executor.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private Retrier retrier() {
        RetryEvents events = new RetryEvents() {
            @Override
            public RetryListener forMethod(RetryTarget target) {
                return new RetryListener() {
                    @Override
                    public void callFinished(RetryOutcome outcome, boolean retried, int n, Throwable failure) {
                        outcomes.add(outcome.tag() + " after " + n);
                    }
                };
            }
        };
        return new Retrier("com.acme.Backend#call", policy(3, fixed(WAIT)), new ExecutorScheduler(executor),
                () -> true, System::nanoTime, null, null, null, events, true, true, shutdown);
    }

    private Exception failure() {
        return new IllegalStateException("down #" + attempts.incrementAndGet());
    }

    private void awaitWaiting(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + 5 * SECOND;
        while (shutdown.waitingCalls() < calls && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(shutdown.waitingCalls()).as("calls waiting to retry").isEqualTo(calls);
    }

    private static void assertStoppedByShutdown(Throwable failure, String message) {
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage(message);
        RetryStoppedException note = RetryStoppedException.of(failure).orElseThrow();
        assertThat(note.getOutcome()).isEqualTo(RetryOutcome.INTERRUPTED);
        assertThat(note.getReason()).isEqualTo("the application is stopping");
    }

    @Test
    void everyShapeEndsAtOnceWithItsLastFailure() throws Exception {
        Retrier retrier = retrier();
        AtomicReference<Throwable> sync = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                withRetryLogOff(() -> sync.set(catchThrowable(() -> retrier.callSync(Invoker.SELF,
                        (Invoker) () -> {
                            throw failure();
                        }))));
            } catch (Exception e) {
                sync.set(e);
            }
        });
        caller.start();
        UniAssertSubscriber<Object> uni = retrier.retryUni(() -> Uni.createFrom().failure(failure())).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        CompletableFuture<Object> stage = retrier.retryCompletionStage(() -> CompletableFuture.failedFuture(failure()));
        awaitWaiting(3);

        long start = System.nanoTime();
        withRetryLogOff(shutdown::stop);
        caller.join(TimeUnit.SECONDS.toMillis(5));
        uni.awaitFailure(Duration.ofSeconds(5));
        Throwable staged = catchThrowable(() -> stage.get(5, TimeUnit.SECONDS));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMs).as("every pending call completed well under the 10 s wait").isLessThan(5_000);
        assertThat(attempts).as("one attempt each, none after the shutdown").hasValue(3);
        assertThat(sync.get()).isNotNull();
        assertThat(caller.isAlive()).isFalse();
        assertThat(List.of(sync.get().getMessage(), uni.getFailure().getMessage(),
                ((ExecutionException) staged).getCause().getMessage())).containsExactlyInAnyOrder("down #1", "down #2",
                        "down #3");
        assertStoppedByShutdown(sync.get(), sync.get().getMessage());
        assertStoppedByShutdown(uni.getFailure(), uni.getFailure().getMessage());
        assertStoppedByShutdown(staged.getCause(), staged.getCause().getMessage());
        assertThat(outcomes).containsExactly("interrupted after 1", "interrupted after 1", "interrupted after 1");
        assertThat(shutdown.waitingCalls()).isZero();
        assertThat(executor.getQueue()).as("no timer left").isEmpty();
    }

    @Test
    void afterTheShutdownBeganAFailedAttemptIsNotRetried() throws Exception {
        withRetryLogOff(shutdown::stop);
        Retrier retrier = retrier();
        Throwable thrown = catchThrowable(() -> withRetryLogOff(() -> retrier.callSync(Invoker.SELF, (Invoker) () -> {
            throw failure();
        })));
        assertStoppedByShutdown(thrown, "down #1");
        CompletableFuture<Object> stage = retrier.retryCompletionStage(() -> CompletableFuture.failedFuture(failure()));
        assertStoppedByShutdown(catchThrowable(stage::join).getCause(), "down #2");
        assertThat(attempts).hasValue(2);
        assertThat(executor.getQueue()).isEmpty();
    }

    @Test
    void aCancelledWaitIsForgotten() throws Exception {
        Retrier retrier = retrier();
        UniAssertSubscriber<Object> uni = retrier.retryUni(() -> Uni.createFrom().failure(failure())).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        awaitWaiting(1);
        uni.cancel();
        assertThat(shutdown.waitingCalls()).isZero();
        assertThat(executor.getQueue()).isEmpty();
        withRetryLogOff(shutdown::stop);
        assertThat(attempts).hasValue(1);
        uni.assertNotTerminated();
    }
}
