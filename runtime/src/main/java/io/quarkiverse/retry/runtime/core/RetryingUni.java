package io.quarkiverse.retry.runtime.core;

import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * A lazy {@code Uni} whose every subscription runs a fresh retry sequence.
 */
final class RetryingUni<T> extends AbstractUni<T> {

    private final Retrier retrier;
    private final Invoker invoker;

    RetryingUni(Retrier retrier, Invoker invoker) {
        this.retrier = retrier;
        this.invoker = invoker;
    }

    @Override
    public void subscribe(UniSubscriber<? super T> subscriber) {
        new UniRetryCall<>(retrier, invoker, subscriber).start();
    }
}
