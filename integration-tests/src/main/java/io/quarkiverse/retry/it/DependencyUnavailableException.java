package io.quarkiverse.retry.it;

/**
 * A transient failure of {@link FlakyDependency}: worth retrying. When retries are exhausted it reaches
 * {@link RetryExceptionMappers}, which turns it into {@code 503 Service Unavailable}.
 */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message) {
        super(message);
    }
}
