package io.quarkiverse.retry.runtime.core;

import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * A lazy {@code Uni} whose every subscription runs a fresh retry sequence ({@link UniRetryCall}). Created through
 * {@code Infrastructure.onUniCreation}, subscribed like any {@link AbstractUni} (Mutiny's subscription hooks run
 * before {@link #subscribe(UniSubscriber)}).
 */
final class RetryingUni<T> extends AbstractUni<T> {

    private final Retrier retrier;
    private final Invoker.OnTarget invoker;
    private final Object target;

    RetryingUni(Retrier retrier, Invoker.OnTarget invoker, Object target) {
        this.retrier = retrier;
        this.invoker = invoker;
        this.target = target;
    }

    @Override
    public void subscribe(UniSubscriber<? super T> subscriber) {
        UniRetryCall<T> call = new UniRetryCall<>(retrier, invoker, target, subscriber);
        subscriber.onSubscribe(call.handle);
        call.begin();
    }
}
