package io.quarkiverse.retry.runtime;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.quarkiverse.retry.Retry;
import io.quarkiverse.retry.runtime.config.ResolvedPolicy;
import io.quarkiverse.retry.runtime.core.Invoker;
import io.quarkiverse.retry.runtime.core.Retrier;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.smallrye.mutiny.Uni;

/**
 * A {@link Retry} handle: one policy (possibly derived, {@link #retryIf} and {@link #withMaxAttempts}) with a
 * {@link Retrier} per operation, built on the operation's first call and reused. The budget and the breaker are the
 * resolved policy's, shared with its {@code @WithRetry} methods.
 * <p>
 * The per-call path is one map lookup by the operation string and the engine's own path; the bodies are passed to
 * shared, non-capturing invokers as the attempt's target, so a call that succeeds at once allocates nothing.
 * <p>
 * Threading: immutable apart from the operation map, a {@link ConcurrentHashMap}.
 */
final class RetryHandle implements Retry {

    private static final Invoker.OnTarget SUPPLIER = new SupplierInvoker();
    private static final Invoker.OnTarget RUNNABLE = new RunnableInvoker();
    private static final Invoker.OnTarget CALLABLE = new CallableInvoker();
    private static final Invoker.OnTarget CHECKED_RUNNABLE = new CheckedRunnableInvoker();

    private final RetrierFactory factory;
    private final ResolvedPolicy resolved;
    private final RetryPolicy policy;
    private final boolean idempotent;
    /** {@code quarkus.retry.enabled}: when false, a body runs once. */
    private final boolean enabled;
    private final ConcurrentHashMap<String, Retrier> byOperation = new ConcurrentHashMap<>();

    RetryHandle(RetrierFactory factory, ResolvedPolicy resolved, RetryPolicy policy, boolean idempotent,
            boolean enabled) {
        this.factory = factory;
        this.resolved = resolved;
        this.policy = policy;
        this.idempotent = idempotent;
        this.enabled = enabled;
    }

    /** The retrier of an operation, built on its first call. */
    Retrier retrier(String operation) {
        Retrier retrier = byOperation.get(operation);
        if (retrier == null) {
            Objects.requireNonNull(operation, "operation");
            retrier = byOperation.computeIfAbsent(operation,
                    name -> factory.create(name, resolved, policy, idempotent));
        }
        return retrier;
    }

    @Override
    public String policyName() {
        return policy.name();
    }

    @Override
    public int maxAttempts() {
        return policy.maxAttempts();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(String operation, Supplier<T> body) {
        if (!enabled) {
            return body.get();
        }
        Retrier retrier = retrier(operation);
        try {
            return (T) retrier.callSync(SUPPLIER, body);
        } catch (Exception e) {
            throw sneakyThrow(e); // only what the body itself threw
        }
    }

    @Override
    public void run(String operation, Runnable body) {
        if (!enabled) {
            body.run();
            return;
        }
        Retrier retrier = retrier(operation);
        try {
            retrier.callSync(RUNNABLE, body);
        } catch (Exception e) {
            throw sneakyThrow(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T callChecked(String operation, Callable<T> body) throws Exception {
        if (!enabled) {
            return body.call();
        }
        return (T) retrier(operation).callSync(CALLABLE, body);
    }

    @Override
    public void runChecked(String operation, CheckedRunnable body) throws Exception {
        if (!enabled) {
            body.run();
            return;
        }
        retrier(operation).callSync(CHECKED_RUNNABLE, body);
    }

    @Override
    public <T> Uni<T> uni(String operation, Supplier<Uni<T>> body) {
        Objects.requireNonNull(body, "body");
        if (!enabled) {
            return Uni.createFrom().deferred(body::get);
        }
        return retrier(operation).retryUni(SUPPLIER, body);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<T> completionStage(String operation, Supplier<? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        if (!enabled) {
            return (CompletionStage<T>) body.get();
        }
        return retrier(operation).retryCompletionStage(SUPPLIER, body);
    }

    @Override
    public Retry retryIf(Predicate<Object> isFailure) {
        Objects.requireNonNull(isFailure, "isFailure");
        return new RetryHandle(factory, resolved, policy.withResultFailure(isFailure), idempotent, enabled);
    }

    @Override
    public Retry withMaxAttempts(int maxAttempts) {
        return new RetryHandle(factory, resolved, policy.withMaxAttempts(maxAttempts), idempotent, enabled);
    }

    @Override
    public Retry nonIdempotent() {
        return new RetryHandle(factory, resolved, policy, false, enabled);
    }

    @Override
    public String toString() {
        return "Retry[policy " + policy.displayName() + ", max-attempts " + policy.maxAttempts()
                + (policy.resultFailure() != null ? ", retry on result" : "") + (idempotent ? "" : ", not idempotent")
                + "]";
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    // the invokers are classes rather than lambdas, as the interceptor's (see benchmarks/README.md)

    private static final class SupplierInvoker implements Invoker.OnTarget {
        @Override
        public Object invoke(Object body) {
            return ((Supplier<?>) body).get();
        }
    }

    private static final class RunnableInvoker implements Invoker.OnTarget {
        @Override
        public Object invoke(Object body) {
            ((Runnable) body).run();
            return null;
        }
    }

    private static final class CallableInvoker implements Invoker.OnTarget {
        @Override
        public Object invoke(Object body) throws Exception {
            return ((Callable<?>) body).call();
        }
    }

    private static final class CheckedRunnableInvoker implements Invoker.OnTarget {
        @Override
        public Object invoke(Object body) throws Exception {
            ((CheckedRunnable) body).run();
            return null;
        }
    }
}
