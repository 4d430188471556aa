package io.quarkiverse.retry.runtime;

/**
 * How a retried method returns its result, decided at build time from its declared return type.
 */
public enum ReturnShape {
    /** Any type but the two below, {@code void} included: retried in a loop, waits block the caller. */
    SYNC,
    /** {@code io.smallrye.mutiny.Uni}: a lazy {@code Uni} that retries on each subscription, waits on a timer. */
    UNI,
    /** {@code CompletionStage} or {@code CompletableFuture}: retried at once, waits on a timer. */
    COMPLETION_STAGE
}
