package io.quarkiverse.retry.runtime.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * One subscription to a retried {@code Uni}: subscribes to a fresh {@code Uni} per attempt and forwards the first
 * item or the final failure. Cancelling it cancels the running attempt and the pending timer; a failure that arrives
 * after the cancellation goes to {@link Infrastructure#handleDroppedException}.
 * <p>
 * Threading, on top of {@link AsyncRetryCall}'s contract: the downstream's subscription is a small separate
 * {@link Handle}, and this call attaches itself to it only once there is something to cancel (an attempt still
 * running, a wait). Until then a cancellation only sets a flag that the sequence reads, and only the sequence's
 * thread ends the call; once attached, a cancellation ends it too and {@link #claim()} decides. Attaching and
 * cancelling each write one volatile field and then read the other's, so a racing cancellation is either seen by the
 * sequence or finds the call attached. On the common path (an attempt whose outcome is known at once) nothing outside
 * the sequence refers to the call, so the JIT can allocate neither it nor the objects of a caller that awaits the
 * result (see {@code benchmarks/README.md}).
 * <p>
 * Under a circuit breaker, a cancellation may stop an attempt that was subscribed and whose outcome then never
 * arrives: its permit must still go back to the breaker (a half-open breaker would otherwise wait for its trials
 * for good), exactly once whether the outcome or the cancellation comes first. {@link #owed} decides: set before the
 * attempt is subscribed, taken by a compare-and-set by its outcome ({@link #counts()}, which reports it as usual) or
 * by the cancellation ({@link #release()}, which gives the permit back and drops a later outcome).
 */
final class UniRetryCall<T> extends AsyncRetryCall implements UniSubscriber<T> {

    private static final VarHandle OWED;
    private static final int NOTHING_OWED = 0;
    private static final int OUTCOME_OWED = 1;
    private static final int RELEASED = 2;

    static {
        try {
            OWED = MethodHandles.lookup().findVarHandle(UniRetryCall.class, "owed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final UniSubscriber<? super T> downstream;
    /** The downstream's subscription. */
    final Handle handle = new Handle();
    private volatile UniSubscription upstream;
    /**
     * Whether the breaker permit of a subscribed attempt is still to be given back: {@code OUTCOME_OWED} from its
     * subscription until its outcome or a cancellation takes it (see the class comment); always
     * {@code NOTHING_OWED} without a breaker.
     */
    private volatile int owed;

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
        // volatile write. Mutiny's own await() takes the same shortcut; KnownUnis checks once that it still can.
        if (KnownUnis.SUPPORTED) {
            if (KnownUnis.isItem(attempt)) {
                onItem(KnownUnis.item(attempt));
                return;
            }
            if (KnownUnis.isFailure(attempt)) {
                onFailure(KnownUnis.failure(attempt));
                return;
            }
        }
        subscribeAttempt(attempt);
    }

    private void subscribeAttempt(Uni<T> attempt) {
        leavingCallerThread();
        if (permit != Retrier.NO_BREAKER) {
            owed = OUTCOME_OWED; // before attach(): a cancellation that finds the call attached sees it
        }
        attach();
        if (isStopped()) {
            release();
            endCancelled();
            return;
        }
        // through Mutiny's subscription hooks, as its own operators subscribe their upstream
        AbstractUni.subscribe(attempt, this);
    }

    @Override
    public void onSubscribe(UniSubscription subscription) {
        upstream = subscription;
        if (isStopped()) {
            subscription.cancel();
            release();
        }
    }

    @Override
    public void onItem(T item) {
        if (counts() && (!testsResults || !rejected(item)) && succeeded()) {
            downstream.onItem(item);
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        if (counts()) {
            failed(failure);
        } else {
            dropped(failure);
        }
    }

    /**
     * Whether the outcome of the current attempt counts: always for an attempt read or run in place, and for a
     * subscribed one unless a cancellation already gave its breaker permit back (then the call is over).
     */
    private boolean counts() {
        return owed == NOTHING_OWED || OWED.compareAndSet(this, OUTCOME_OWED, NOTHING_OWED);
    }

    /** The subscribed attempt was cancelled: gives its breaker permit back unless its outcome already came. */
    private void release() {
        if (owed == OUTCOME_OWED && OWED.compareAndSet(this, OUTCOME_OWED, RELEASED)) {
            retrier.attemptCancelled(this);
        }
    }

    @Override
    void deliverFailure(Throwable failure) {
        downstream.onFailure(failure);
    }

    @Override
    @SuppressWarnings("unchecked")
    void deliverResult(Object value) {
        downstream.onItem((T) value);
    }

    @Override
    void dropped(Throwable failure) {
        if (failure != null && !(failure instanceof FailedResult)) {
            Infrastructure.handleDroppedException(failure);
        }
    }

    @Override
    boolean isStopped() {
        return ended || handle.cancelled;
    }

    @Override
    boolean isCancelled() {
        return handle.cancelled;
    }

    @Override
    boolean contended() {
        return handle.call != null;
    }

    @Override
    void beforeWait() {
        attach();
    }

    /** Lets a cancellation reach this call from now on (see the class comment). */
    private void attach() {
        if (handle.call == null) {
            handle.call = this;
        }
    }

    /** Cancellation once attached: stops the sequence, the pending timer and the running attempt. */
    private void cancel() {
        endCancelled();
        cancelTimer();
        UniSubscription current = upstream;
        if (current != null) {
            current.cancel();
        }
        release();
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
