package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.fixed;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.runtime.core.TestSupport.CountingInvoker;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A scheduler that throws (as a Vert.x timer does for a delay below 1 ms) must not lose the call: where it throws (a
 * subscriber callback, a timer) nobody would see it, so the call ends with it, the attempt's failure suppressed.
 */
class SchedulerFailureTest {

    private static final DelayScheduler REFUSING = new DelayScheduler() {
        @Override
        public Object captureContext() {
            return null;
        }

        @Override
        public boolean isOnContext(Object context) {
            return true;
        }

        @Override
        public Cancellable schedule(Object context, long delayNanos, Runnable task) {
            throw new IllegalArgumentException("Cannot schedule a timer with delay < 1 ms");
        }
    };

    private static Retrier retrier() {
        return new Retrier("com.acme.Foo#bar", policy(3, fixed(MS)), REFUSING, () -> true, () -> 0L);
    }

    @Test
    void aUniWhoseWaitCannotBeScheduledFailsWithTheReason() {
        IOException attempt = new IOException("attempt 1");
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(attempt));
        Throwable failure = retrier().retryUni(invoker).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailed().getFailure();
        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay < 1 ms");
        assertThat(failure.getSuppressed()).contains(attempt);
    }

    @Test
    void aCompletionStageWhoseWaitCannotBeScheduledAsynchronouslyFailsWithTheReason() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<Object> result = retrier().retryCompletionStage(new CountingInvoker(call -> pending));
        pending.completeExceptionally(new IOException("attempt 1, failed later"));
        assertThat(result).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withRootCauseInstanceOf(IllegalArgumentException.class);
    }
}
