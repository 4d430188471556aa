package io.quarkiverse.retry.benchmarks;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.quarkiverse.retry.runtime.RetryInterceptor;

/** An interceptor that only proceeds, at the retry interceptor's priority: the baseline of every ratio. */
@Noop
@Interceptor
@Priority(RetryInterceptor.PRIORITY)
public class NoopInterceptor {

    @AroundInvoke
    Object proceed(InvocationContext context) throws Exception {
        return context.proceed();
    }
}
