package io.quarkiverse.retry.runtime.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * One call of a retried {@code CompletionStage} method. A synchronous exception and an exceptionally completed stage
 * are both failures; {@link CompletionException} wrappers are removed so the final failure is the original
 * exception. Completing or cancelling {@link #result} from outside stops the sequence.
 * <p>
 * Threading, on top of {@link AsyncRetryCall}'s contract: the caller may complete {@link #result} from any thread.
 * Until a wait is scheduled the sequence notices that itself; from the first wait on, a completion hook on
 * {@link #result} also removes the pending timer and ends the call, and {@link #claim()} decides between the two.
 */
final class CompletionStageRetryCall<T> extends AsyncRetryCall implements BiFunction<T, Throwable, Void> {

    final CompletableFuture<T> result = new CompletableFuture<>();
    private boolean hooked;

    CompletionStageRetryCall(Retrier retrier, Invoker.OnTarget invoker, Object target) {
        super(retrier, invoker, target);
    }

    @Override
    @SuppressWarnings("unchecked")
    void await(Object stage) {
        if (!(stage instanceof CompletableFuture && ((CompletableFuture<?>) stage).isDone())) {
            leavingCallerThread();
        }
        // handle(), not whenComplete(): no CompletionException per failed attempt (see benchmarks/README.md)
        ((CompletionStage<T>) stage).handle(this);
    }

    @Override
    public Void apply(T value, Throwable failure) {
        try {
            if (failure == null) {
                if ((!testsResults || !rejected(value)) && succeeded()) {
                    result.complete(value);
                }
            } else {
                failed(unwrap(failure));
            }
        } catch (Throwable unexpected) {
            // the stage handle() returns would swallow it, and the call would never complete
            crashed(unexpected);
        }
        return null;
    }

    /** A caller that cancels (or completes) the returned future also removes the pending timer. */
    @Override
    void timerScheduled() {
        if (!hooked) {
            hooked = true;
            result.whenComplete((value, failure) -> {
                cancelTimer();
                endCancelled();
            });
        }
    }

    @Override
    void deliverFailure(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    @SuppressWarnings("unchecked")
    void deliverResult(Object value) {
        result.complete((T) value);
    }

    @Override
    boolean isStopped() {
        return result.isDone();
    }

    @Override
    boolean isCancelled() {
        return result.isDone();
    }

    @Override
    boolean contended() {
        return hooked;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        // bounded: a cycle of wrappers (or a getCause() that throws) must not hang or replace the failure
        for (int depth = 0; t instanceof CompletionException && depth < Causes.MAX_DEPTH; depth++) {
            Throwable cause = Causes.causeOf(t);
            if (cause == null) {
                break;
            }
            t = cause;
        }
        return t;
    }
}
