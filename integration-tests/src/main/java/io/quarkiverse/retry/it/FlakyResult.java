package io.quarkiverse.retry.it;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A successful response.
 *
 * @param shape which endpoint answered ({@code sync}, {@code uni}, ...)
 * @param result the value returned by the service
 * @param attempts calls made to the dependency, the successful one included
 * @param thread the thread the resource method was invoked on (a worker thread for blocking endpoints, an event loop
 *        thread for {@code Uni} and {@code CompletionStage} ones)
 */
@RegisterForReflection
public record FlakyResult(String shape, String result, int attempts, String thread) {
}
