package io.quarkiverse.retry.runtime;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.quarkiverse.retry.runtime.core.DelayScheduler;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Waits on Vert.x timers and runs the next attempt on the caller's Vert.x context (hence with its request scope,
 * MDC and other context locals). Callers without a Vert.x context get Mutiny's default worker pool instead, so that
 * their next attempt never lands on an event loop, with their propagated context ({@link #propagating}).
 */
final class VertxDelayScheduler implements DelayScheduler {

    private static final Cancellable NOTHING = () -> {
    };

    @Override
    public Object captureContext() {
        return Vertx.currentContext();
    }

    @Override
    public boolean isOnContext(Object context) {
        return context == null || Vertx.currentContext() == context;
    }

    /** Mutiny's callback decorators: with Quarkus' context propagation, the task runs in the caller's context. */
    @Override
    public Runnable propagating(Runnable task) {
        return Infrastructure.decorate(task);
    }

    @Override
    public Cancellable schedule(Object captured, long delayNanos, Runnable task) {
        if (captured == null) {
            return scheduleOnWorkerPool(delayNanos, task);
        }
        Context context = (Context) captured;
        if (delayNanos == 0) {
            context.runOnContext(ignored -> task.run());
            return NOTHING;
        }
        Vertx owner = context.owner();
        // Vert.x timers have millisecond resolution: round up so that a wait is never shorter than computed.
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos + 999_999));
        long timerId = owner.setTimer(millis, id -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        });
        return () -> owner.cancelTimer(timerId);
    }

    private static Cancellable scheduleOnWorkerPool(long delayNanos, Runnable task) {
        if (delayNanos == 0) {
            Infrastructure.getDefaultWorkerPool().execute(task);
            return NOTHING;
        }
        ScheduledFuture<?> future = Infrastructure.getDefaultWorkerPool().schedule(task, delayNanos,
                TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
