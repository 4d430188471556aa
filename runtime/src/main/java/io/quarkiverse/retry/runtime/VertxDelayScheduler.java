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
        long timerId = owner.setTimer(millis(delayNanos), id -> {
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
        // whole milliseconds, rounded up: on a Vert.x thread Quarkus' worker pool schedules with a Vert.x timer,
        // which refuses delays below 1 ms
        ScheduledFuture<?> future = Infrastructure.getDefaultWorkerPool().schedule(task, millis(delayNanos),
                TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /** A wait in whole milliseconds, rounded up so that it is never shorter than computed, at least 1. */
    static long millis(long delayNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(delayNanos, Long.MAX_VALUE - 999_999) + 999_999));
    }
}
