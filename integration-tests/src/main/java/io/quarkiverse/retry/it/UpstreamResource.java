package io.quarkiverse.retry.it;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A remote inventory service, simulated by a second endpoint of the demo itself (so that the demo calls real HTTP
 * through a REST client, with nothing else to start): it answers its next {@code failures} requests with
 * {@code status} (and a {@code Retry-After} header when asked), then with the stock.
 */
@Path("/upstream")
@ApplicationScoped
public class UpstreamResource {

    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 503;
    private volatile String retryAfter;

    /** Sets up the next requests (and forgets the earlier ones). */
    @POST
    @Path("/reset")
    public void reset(@QueryParam("failures") @DefaultValue("0") int failures,
            @QueryParam("status") @DefaultValue("503") int status, @QueryParam("retryAfter") String retryAfter) {
        this.failuresLeft.set(failures);
        this.status = status;
        this.retryAfter = retryAfter;
        requests.set(0);
    }

    @GET
    @Path("/stock/{sku}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response stock(@PathParam("sku") String sku) {
        return answer("42 x " + sku);
    }

    @POST
    @Path("/orders")
    @Produces(MediaType.TEXT_PLAIN)
    public Response order() {
        return answer("order accepted");
    }

    /** How many requests arrived since the last reset. */
    @GET
    @Path("/requests")
    public int requests() {
        return requests.get();
    }

    private Response answer(String body) {
        requests.incrementAndGet();
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            Response.ResponseBuilder failure = Response.status(status).entity("unavailable, try again");
            return retryAfter == null ? failure.build() : failure.header("Retry-After", retryAfter).build();
        }
        return Response.ok(body).build();
    }
}
