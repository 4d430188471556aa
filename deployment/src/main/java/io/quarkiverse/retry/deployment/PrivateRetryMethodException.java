package io.quarkiverse.retry.deployment;

import org.jboss.jandex.MethodInfo;

/** {@code @WithRetry} on a private method: CDI does not intercept private methods. */
public class PrivateRetryMethodException extends RetryDefinitionException {

    private static final long serialVersionUID = 1L;

    PrivateRetryMethodException(String method, MethodInfo methodInfo) {
        super(method, methodInfo, "@WithRetry on private method " + method + " has no effect: CDI does not intercept"
                + " private methods. Make the method at least package-private, or remove the annotation.");
    }
}
