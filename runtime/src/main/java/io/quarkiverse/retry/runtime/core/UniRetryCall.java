package io.quarkiverse.retry.runtime.core;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * One subscription to a retried {@code Uni}: subscribes to a fresh {@code Uni} per attempt and forwards the first
 * item or the final failure. Cancelling it cancels the running attempt and the pending timer.
 */
final class UniRetryCall<T> extends AsyncRetryCall implements UniSubscriber<T>, UniSubscription {

    private final UniSubscriber<? super T> downstream;
    private volatile UniSubscription upstream;
    private volatile boolean stopped;
    private static final java.lang.invoke.VarHandle STOPPED;

    static {
        try {
            STOPPED = java.lang.invoke.MethodHandles.lookup().findVarHandle(UniRetryCall.class, "stopped", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    UniRetryCall(Retrier retrier, Invoker.OnTarget invoker, Object target, UniSubscriber<? super T> downstream) {
        super(retrier, invoker, target);
        this.downstream = downstream;
    }

    void start() {
        downstream.onSubscribe(this);
        begin();
    }

    @Override
    @SuppressWarnings("unchecked")
    void await(Object result) {
        Uni<T> attempt = (Uni<T>) result;
        if (attempt instanceof AbstractUni) {
            // Subscribe directly: the call's own subscription already went through Mutiny's subscription hooks
            // (context propagation), which would otherwise capture the same context again for every attempt; and
            // no UniSubscribe group object is allocated.
            ((AbstractUni<T>) attempt).subscribe(this);
        } else {
            attempt.subscribe().withSubscriber(this);
        }
    }

    @Override
    public void onSubscribe(UniSubscription subscription) {
        upstream = subscription;
        if (stopped) {
            subscription.cancel();
        }
    }

    @Override
    public void onItem(T item) {
        succeeded();
        if (!stopped) {
            // release is enough here (a plain store on x86): the item ends the sequence, no one waits on this write
            STOPPED.setRelease(this, true);
            downstream.onItem(item);
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        failed(failure);
    }

    @Override
    void terminate(Throwable failure) {
        stopped = true;
        downstream.onFailure(failure);
    }

    @Override
    boolean isStopped() {
        return stopped;
    }

    @Override
    public void cancel() {
        stopped = true;
        cancelTimer();
        UniSubscription current = upstream;
        if (current != null) {
            current.cancel();
        }
    }
}
