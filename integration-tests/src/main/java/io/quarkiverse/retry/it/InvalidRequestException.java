package io.quarkiverse.retry.it;

/**
 * A permanent failure: the request itself is wrong, so trying again cannot help. Listed in
 * {@code quarkus.retry.abort-on}, so a {@code @WithRetry} method that throws it makes exactly one attempt.
 */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
