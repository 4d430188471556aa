package io.quarkiverse.retry.it;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkiverse.retry.WithRetry;

/**
 * Retries across services: three "services" in a chain, {@code /chain/a → /chain/b → /chain/c →
 * /chain/dependency}, each calling the next over HTTP through a REST client interface with {@code @WithRetry}
 * (policy {@code chain}, 3 attempts). The dependency is down (always 503) and counts the requests that reach it:
 * {@code GET /chain/dependency-requests}. Only {@code c} retries it; {@code b} and {@code a} receive responses marked
 * {@code Retry-Exhausted} and give up at once, so one request to {@code a} costs the dependency 3 requests, not 27.
 */
@Path("/chain")
@Produces(MediaType.TEXT_PLAIN)
public class ChainResource {

    static final AtomicInteger DEPENDENCY_REQUESTS = new AtomicInteger();

    @Inject
    @RestClient
    B b;

    @Inject
    @RestClient
    C c;

    @Inject
    @RestClient
    Dependency dependency;

    @GET
    @Path("/a")
    public String a() {
        return "a got " + b.get();
    }

    @GET
    @Path("/b")
    public String b() {
        return "b got " + c.get();
    }

    @GET
    @Path("/c")
    public String c() {
        return "c got " + dependency.get();
    }

    @GET
    @Path("/dependency")
    public Response dependency() {
        DEPENDENCY_REQUESTS.incrementAndGet();
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity("dependency down").build();
    }

    @GET
    @Path("/dependency-requests")
    public int dependencyRequests() {
        return DEPENDENCY_REQUESTS.get();
    }

    @POST
    @Path("/reset")
    public void reset() {
        DEPENDENCY_REQUESTS.set(0);
    }

    @RegisterRestClient(configKey = "chain")
    @Path("/chain")
    @WithRetry("chain")
    public interface B {
        @GET
        @Path("/b")
        String get();
    }

    @RegisterRestClient(configKey = "chain")
    @Path("/chain")
    @WithRetry("chain")
    public interface C {
        @GET
        @Path("/c")
        String get();
    }

    @RegisterRestClient(configKey = "chain")
    @Path("/chain")
    @WithRetry("chain")
    public interface Dependency {
        @GET
        @Path("/dependency")
        String get();
    }
}
