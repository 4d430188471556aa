package io.quarkiverse.retry.it;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What each attempt of a retried {@code Uni} saw.
 *
 * @param requestId the request-scoped id and MDC value set by the resource before the first attempt
 * @param seen one {@code "<request-scoped id>|<MDC request-id>"} entry per attempt
 * @param attempts calls made to the dependency
 */
@RegisterForReflection
public record ContextResult(String requestId, List<String> seen, int attempts) {
}
