package io.quarkiverse.retry.it;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/**
 * Demo of retries over HTTP: each endpoint sets up the simulated remote inventory ({@link UpstreamResource}) to fail
 * its next {@code failures} requests with {@code status} (and a {@code Retry-After} of {@code retryAfter} seconds),
 * then calls it once through the REST client and reports how many requests it took.
 */
@Path("/http")
@Produces(MediaType.APPLICATION_JSON)
public class HttpResource {

    private final UpstreamClient client;
    private final UpstreamResource upstream;

    HttpResource(@RestClient UpstreamClient client, UpstreamResource upstream) {
        this.client = client;
        this.upstream = upstream;
    }

    @GET
    @Path("/stock")
    public HttpResult stock(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("status") @DefaultValue("503") int status, @QueryParam("retryAfter") String retryAfter) {
        upstream.reset(failures, status, retryAfter);
        long start = System.nanoTime();
        String stock = client.stock("demo-sku");
        return new HttpResult(stock, upstream.requests(), (System.nanoTime() - start) / 1_000_000);
    }

    @GET
    @Path("/stock-uni")
    public Uni<HttpResult> stockUni(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("status") @DefaultValue("503") int status, @QueryParam("retryAfter") String retryAfter) {
        upstream.reset(failures, status, retryAfter);
        long start = System.nanoTime();
        return client.stockUni("demo-sku")
                .map(stock -> new HttpResult(stock, upstream.requests(), (System.nanoTime() - start) / 1_000_000));
    }

    @POST
    @Path("/order")
    public HttpResult order(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("status") @DefaultValue("503") int status) {
        upstream.reset(failures, status, null);
        long start = System.nanoTime();
        String result = client.order();
        return new HttpResult(result, upstream.requests(), (System.nanoTime() - start) / 1_000_000);
    }
}
