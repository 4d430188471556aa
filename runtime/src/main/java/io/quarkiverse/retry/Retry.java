package io.quarkiverse.retry;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * The handle of one retry policy ({@link Retries#policy(String)}): runs a body with retries exactly as a
 * {@code @WithRetry} method of that policy would be, with the same logs, metrics, spans, budget, circuit breaker and
 * HTTP rules.
 * <p>
 * The {@code operation} names the call where {@code @WithRetry} would use {@code Class#method}: in log lines and
 * their MDC fields, in the {@code method} tag of metrics and in span attributes. It must be a small fixed set of
 * names ({@code "PaymentGateway#charge"}), never an id or a URL: every distinct operation gets its own meters.
 * <p>
 * A handle is immutable and thread-safe. Take it once and reuse it: a call looks up nothing but its operation in a
 * map, and allocates nothing when its first attempt succeeds. The derived handles ({@link #retryIf},
 * {@link #withMaxAttempts}, {@link #nonIdempotent()}) are new handles; build them once too.
 */
public interface Retry {

    /** The name of the policy, {@code ""} for the default policy. */
    String policyName();

    /** The number of attempts of a call, the first one included. */
    int maxAttempts();

    /**
     * Calls {@code body} until it returns a result that is not a failure, or the policy stops retrying; returns that
     * result, or throws the last attempt's exception (the earlier ones suppressed). Waits block the calling thread.
     */
    <T> T call(String operation, Supplier<T> body);

    /** {@link #call(String, Supplier)} for a body without a result. */
    void run(String operation, Runnable body);

    /** {@link #call(String, Supplier)} for a body that throws checked exceptions. */
    <T> T callChecked(String operation, Callable<T> body) throws Exception;

    /** {@link #run(String, Runnable)} for a body that throws checked exceptions. */
    void runChecked(String operation, CheckedRunnable body) throws Exception;

    /**
     * A lazy {@code Uni}: nothing happens until it is subscribed, and every subscription runs its own retry
     * sequence, each attempt subscribing to a fresh {@code Uni} from {@code body}. Waits do not block a thread;
     * cancelling the subscription stops the sequence. Exactly as {@code @WithRetry} on a {@code Uni} method.
     */
    <T> Uni<T> uni(String operation, Supplier<Uni<T>> body);

    /**
     * Starts the sequence now, each attempt calling {@code body} for a new stage; the returned stage completes with
     * the first success or the final failure. Waits do not block a thread; completing or cancelling the returned
     * stage (as a {@code CompletableFuture}) stops the sequence.
     */
    <T> CompletionStage<T> completionStage(String operation, Supplier<? extends CompletionStage<T>> body);

    /**
     * A handle that also counts some results as failures: {@code isFailure} returns {@code true} for a result to
     * retry (a {@code 202 Accepted} still pending, a {@code null}, a status field saying "try later"). For {@code uni}
     * and {@code completionStage} it sees the item or the value. When the attempts run out on such a result the call
     * returns that last result (outcome {@code exhausted}); a predicate that throws fails the attempt with what it
     * threw. Replaces the policy's {@code retry-on-result}.
     */
    Retry retryIf(Predicate<Object> isFailure);

    /** A handle with another number of attempts (at least 1), everything else the same. */
    Retry withMaxAttempts(int maxAttempts);

    /**
     * A handle for calls that must not be sent twice unless nothing reached the server, like a {@code POST} REST
     * client method: HTTP statuses and timeouts are not retried unless the policy sets {@code retry-non-idempotent}.
     */
    Retry nonIdempotent();

    /** A body without a result that may throw a checked exception, for {@link #runChecked}. */
    @FunctionalInterface
    interface CheckedRunnable {
        void run() throws Exception;
    }
}
