package io.quarkiverse.retry.runtime.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Marks a Jakarta REST error response (status 400 or above, from a resource or an exception mapper) of a request
 * during which a retry sequence gave up ({@link SpentRetries}) with the header that tells a retrying client upstream
 * not to retry it. Registered only when the application serves Jakarta REST; a header the application set itself is
 * left as it is.
 */
@Provider
public class SpentRetriesFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String name = SpentRetries.responseHeader();
        if (name == null || response.getStatus() < 400 || response.getHeaders().containsKey(name)) {
            return;
        }
        String outcome = SpentRetries.spentDuringCurrentRequest();
        if (outcome != null) {
            response.getHeaders().putSingle(name, outcome);
        }
    }
}
