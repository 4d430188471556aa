package io.quarkiverse.retry.deployment;

import jakarta.enterprise.inject.spi.DeploymentException;

import org.jboss.jandex.MethodInfo;

/**
 * {@code @WithRetry} is placed where it cannot work. One subclass per kind of mistake, each naming the method as
 * {@code Class#method}: {@link PrivateRetryMethodException}, {@link StaticRetryMethodException},
 * {@link UnsupportedReturnTypeException}. All of them are reported at once, in one failed build.
 */
public class RetryDefinitionException extends DeploymentException {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final transient MethodInfo methodInfo;

    public RetryDefinitionException(String method, String message) {
        this(method, null, message);
    }

    public RetryDefinitionException(String method, MethodInfo methodInfo, String message) {
        super(message);
        this.method = method;
        this.methodInfo = methodInfo;
    }

    /** The offending method as {@code Class#method}. */
    public String getMethod() {
        return method;
    }

    /** The offending method, when known. */
    public MethodInfo getMethodInfo() {
        return methodInfo;
    }
}
