package io.quarkiverse.retry.runtime;

import io.quarkiverse.retry.runtime.core.Retrier;

/**
 * The runtime form of one retried method: its return shape and its {@link Retrier}, built once at startup.
 */
public final class RetryMethod {

    final ReturnShape shape;
    final Retrier retrier;

    RetryMethod(ReturnShape shape, Retrier retrier) {
        this.shape = shape;
        this.retrier = retrier;
    }

    public ReturnShape shape() {
        return shape;
    }

    public Retrier retrier() {
        return retrier;
    }
}
