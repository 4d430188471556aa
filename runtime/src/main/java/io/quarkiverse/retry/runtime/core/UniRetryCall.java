package io.quarkiverse.retry.runtime.core;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.operators.uni.builders.UniCreateFromKnownFailure;
import io.smallrye.mutiny.operators.uni.builders.UniCreateFromKnownItem;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * One subscription to a retried {@code Uni}: subscribes to a fresh {@code Uni} per attempt and forwards the first
 * item or the final failure. Cancelling it cancels the running attempt and the pending timer.
 * <p>
 * The downstream's subscription is a small separate {@link Handle}, and this call attaches itself to it only once
 * there is something to cancel (an attempt still running, a wait). Until then nothing outside the sequence holds a
 * reference to this object, so on the common path (an attempt whose outcome is known at once) the JIT can allocate
 * neither it nor the objects of a caller that awaits the result.
 */
final class UniRetryCall<T> extends AsyncRetryCall implements UniSubscriber<T> {

    private final UniSubscriber<? super T> downstream;
    /** The downstream's subscription. */
    final Handle handle = new Handle();
    private volatile UniSubscription upstream;
    /** The item or the final failure was delivered (or the call was cancelled once attached). */
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

    @Override
    @SuppressWarnings("unchecked")
    void await(Object result) {
        Uni<T> attempt = (Uni<T>) result;
        // An attempt that is already resolved (Uni.createFrom().item(...) / failure(...)) is read, not subscribed:
        // subscribing it would only deliver the same outcome synchronously, through a subscription object and a
        // volatile write. Mutiny's own await() takes the same shortcut.
        if (attempt instanceof UniCreateFromKnownItem) {
            onItem(((UniCreateFromKnownItem<T>) attempt).getItem());
        } else if (attempt instanceof UniCreateFromKnownFailure) {
            onFailure(((UniCreateFromKnownFailure<T>) attempt).getFailure());
        } else {
            subscribeAttempt(attempt);
        }
    }

    private void subscribeAttempt(Uni<T> attempt) {
        attach();
        if (isStopped()) {
            return;
        }
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
        if (isStopped()) {
            subscription.cancel();
        }
    }

    @Override
    public void onItem(T item) {
        succeeded();
        if (!isStopped()) {
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
        if (!handle.cancelled) {
            downstream.onFailure(failure);
        }
    }

    @Override
    boolean isStopped() {
        return stopped || handle.cancelled;
    }

    @Override
    void beforeWait() {
        attach();
    }

    /**
     * Lets a cancellation reach this call from now on. Both sides write one volatile field and then read the other's,
     * so a racing cancellation is either seen here (through {@link #isStopped()}) or finds this call attached.
     */
    private void attach() {
        if (handle.call == null) {
            handle.call = this;
        }
    }

    /** Cancellation once attached: stops the sequence, the pending timer and the running attempt. */
    private void cancel() {
        stopped = true;
        cancelTimer();
        UniSubscription current = upstream;
        if (current != null) {
            current.cancel();
        }
    }

    /** The downstream's subscription: records the cancellation and forwards it to the call once attached. */
    static final class Handle implements UniSubscription {
        volatile boolean cancelled;
        volatile UniRetryCall<?> call;

        @Override
        public void cancel() {
            cancelled = true;
            UniRetryCall<?> attached = call;
            if (attached != null) {
                attached.cancel();
            }
        }
    }
}
