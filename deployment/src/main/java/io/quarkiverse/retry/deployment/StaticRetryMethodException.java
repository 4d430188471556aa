package io.quarkiverse.retry.deployment;

import org.jboss.jandex.MethodInfo;

/** {@code @WithRetry} on a static method: only instance methods of beans are retried. */
public class StaticRetryMethodException extends RetryDefinitionException {

    private static final long serialVersionUID = 1L;

    StaticRetryMethodException(String method, MethodInfo methodInfo) {
        super(method, methodInfo, "@WithRetry on static method " + method + " has no effect: CDI does not intercept"
                + " static methods. Make the method an instance method of a bean, or remove the annotation.");
    }
}
