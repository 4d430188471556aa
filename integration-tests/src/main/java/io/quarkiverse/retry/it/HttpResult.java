package io.quarkiverse.retry.it;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A response of the HTTP demo.
 *
 * @param result what the remote inventory answered
 * @param requests the requests that reached it, the successful one included
 * @param millis how long the call took, waits included
 */
@RegisterForReflection
public record HttpResult(String result, int requests, long millis) {
}
