package io.quarkiverse.retry.runtime;

import java.lang.reflect.Method;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.runtime.core.Invoker;
import io.quarkiverse.retry.runtime.core.Retrier;

/**
 * Retries {@code @WithRetry} methods: finds the method's precomputed {@link RetryMethod} and hands the call to its
 * {@link Retrier} according to the return shape the build recorded. Runs outside {@code @Transactional} (which sits
 * at {@code PLATFORM_BEFORE + 200}), so every attempt gets a fresh transaction, and inside
 * {@code @ActivateRequestContext} ({@code PLATFORM_BEFORE + 100}), so all attempts share the request context.
 * <p>
 * The per-call path reads precomputed state only: the method's {@link RetryMethod} is cached in this interceptor
 * instance (ArC creates one per intercepted bean instance) and in the registry.
 * <p>
 * Threading: one instance serves every thread calling its bean. The cache is a plain field holding one immutable
 * record: a racing thread sees either the old pair or the new one, and at worst looks the method up again.
 */
@WithRetry
@Interceptor
@Priority(RetryInterceptor.PRIORITY)
public class RetryInterceptor {

    /** Below {@code @Transactional}'s {@code PLATFORM_BEFORE + 200}: the retry loop wraps the transaction. */
    public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 150;

    /** One shared invoker: calls pass the context itself, no method reference is allocated per call. */
    private static final Invoker.OnTarget PROCEED = new Proceed();

    @Inject
    RetryRegistry registry;

    /** The last method seen by this instance; one immutable pair so that a racing reader sees a consistent one. */
    private Cached cached;

    @AroundInvoke
    Object retry(InvocationContext context) throws Exception {
        Method method = context.getMethod();
        Cached last = cached;
        RetryMethod retryMethod;
        if (last != null && last.method() == method) {
            retryMethod = last.retryMethod();
        } else {
            retryMethod = registry.find(context.getTarget(), method);
            cached = new Cached(method, retryMethod);
        }
        Retrier retrier = retryMethod.retrier();
        if (retrier == null) { // quarkus.retry.enabled=false
            return context.proceed();
        }
        ReturnShape shape = retryMethod.shape();
        if (shape == ReturnShape.SYNC) {
            return retrier.callSync(PROCEED, context);
        }
        return shape == ReturnShape.UNI ? retrier.retryUni(PROCEED, context)
                : retrier.retryCompletionStage(PROCEED, context);
    }

    /** {@code InvocationContext#proceed}, as a class rather than a lambda (see {@code benchmarks/README.md}). */
    private static final class Proceed implements Invoker.OnTarget {
        @Override
        public Object invoke(Object context) throws Exception {
            return ((InvocationContext) context).proceed();
        }
    }

    private record Cached(Method method, RetryMethod retryMethod) {
    }
}
