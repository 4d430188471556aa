package io.quarkiverse.retry.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkiverse.retry.WithRetry;
import io.smallrye.mutiny.Uni;

/**
 * The REST client of the (simulated) remote inventory: every method retried with the policy {@code upstream}, which
 * retries what HTTP says is retryable (503, 429, ...) and honours {@code Retry-After}. The {@code POST} is not
 * idempotent: it is retried only when the connection is refused.
 */
@RegisterRestClient(configKey = "upstream")
@Path("/upstream")
@Produces(MediaType.TEXT_PLAIN)
@WithRetry("upstream")
public interface UpstreamClient {

    @GET
    @Path("/stock/{sku}")
    String stock(@PathParam("sku") String sku);

    @GET
    @Path("/stock/{sku}")
    Uni<String> stockUni(@PathParam("sku") String sku);

    @POST
    @Path("/orders")
    String order();
}
