package io.quarkiverse.retry.runtime;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.quarkiverse.retry.runtime.config.ResolvedPolicy;
import io.quarkiverse.retry.runtime.core.DelayScheduler;
import io.quarkiverse.retry.runtime.core.Retrier;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.quarkiverse.retry.runtime.core.RetryShutdown;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;

/**
 * Builds the {@link Retrier} of a method or programmatic operation: what every retrier of the application shares
 * (the scheduler, the event consumers, the clock). Used at startup for {@code @WithRetry} methods and on the first
 * call of each programmatic operation.
 * <p>
 * Threading: immutable.
 */
public final class RetrierFactory {

    private final DelayScheduler scheduler;
    private final BooleanSupplier blockingAllowed;
    private final LongSupplier clock;
    private final RetryEvents events;
    private final RetryShutdown shutdown;

    /**
     * @param shutdown the application's: stopping it ends every wait of every retrier made here
     */
    public RetrierFactory(DelayScheduler scheduler, BooleanSupplier blockingAllowed, LongSupplier clock,
            RetryEvents events, RetryShutdown shutdown) {
        this.shutdown = shutdown;
        this.scheduler = scheduler;
        this.blockingAllowed = blockingAllowed;
        this.clock = clock;
        this.events = events;
    }

    /**
     * @param name {@code Class#method}, or the operation of a programmatic call
     * @param resolved the policy with its budget and breaker (shared)
     * @param policy the policy's retry settings: {@code resolved.policy()} or one derived from it
     * @param idempotent whether a call may be sent again without harm
     */
    public Retrier create(String name, ResolvedPolicy resolved, RetryPolicy policy, boolean idempotent) {
        return new Retrier(name, policy, scheduler, blockingAllowed, clock, resolved.budget(), resolved.breaker(),
                resolved.breakerFailures(), events, idempotent, resolved.breakerCountsResults(), shutdown);
    }
}
