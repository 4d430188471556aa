package io.quarkiverse.retry.runtime.core;

/**
 * One attempt: invokes the retried method again (for an interceptor, {@code InvocationContext::proceed}).
 */
@FunctionalInterface
public interface Invoker {

    Object invoke() throws Exception;

    /**
     * An attempt on a target object given per call: lets the interceptor pass its {@code InvocationContext} with one
     * shared, non-capturing invoker instead of allocating a method reference per call.
     */
    @FunctionalInterface
    interface OnTarget {
        Object invoke(Object target) throws Exception;
    }

    /** Calls a per-call {@link Invoker} passed as the target. */
    OnTarget SELF = target -> ((Invoker) target).invoke();
}
