package io.quarkiverse.retry.deployment;

import jakarta.enterprise.inject.spi.DeploymentException;

/**
 * {@code @WithRetry} is placed where it cannot work: on a method CDI does not intercept (private, static) or on a
 * return type that cannot be retried correctly (a stream such as {@code Multi}). The message names
 * {@code Class#method}.
 */
public class RetryDefinitionException extends DeploymentException {

    private static final long serialVersionUID = 1L;

    private final String method;

    public RetryDefinitionException(String method, String message) {
        super(message);
        this.method = method;
    }

    /** The offending method as {@code Class#method}. */
    public String getMethod() {
        return method;
    }
}
