package io.quarkiverse.retry.it;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An error response.
 *
 * @param error the simple name of the exception that ended the call
 * @param message its message
 * @param attempts calls made to the dependency before giving up
 */
@RegisterForReflection
public record ErrorResult(String error, String message, int attempts) {
}
