package io.quarkiverse.retry.runtime.core;

/**
 * One attempt: invokes the retried method again (for an interceptor, {@code InvocationContext::proceed}).
 */
@FunctionalInterface
public interface Invoker {

    Object invoke() throws Exception;
}
