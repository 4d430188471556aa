package io.quarkiverse.retry.runtime;

import io.quarkiverse.retry.runtime.core.Retrier;

/**
 * The runtime form of one retried method: its return shape and its {@link Retrier}, built once at startup.
 *
 * @param retrier {@code null} when retries are disabled ({@code quarkus.retry.enabled=false})
 */
public record RetryMethod(ReturnShape shape, Retrier retrier) {
}
