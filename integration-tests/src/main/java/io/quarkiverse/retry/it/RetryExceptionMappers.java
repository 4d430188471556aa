package io.quarkiverse.retry.it;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps the failures that reach the REST layer, once {@code @WithRetry} has given up, to HTTP errors.
 */
public class RetryExceptionMappers {

    private final FlakyDependency dependency;
    private final UpstreamResource upstream;

    RetryExceptionMappers(FlakyDependency dependency, UpstreamResource upstream) {
        this.dependency = dependency;
        this.upstream = upstream;
    }

    /**
     * The remote inventory still answered with an error status once the REST client's retries gave up (or it was
     * not retried): a bad gateway, with the status it answered and how many requests it took.
     */
    @ServerExceptionMapper
    public Response upstream(ClientWebApplicationException e) {
        return Response.status(Response.Status.BAD_GATEWAY)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResult("HTTP " + e.getResponse().getStatus(), e.getMessage(), upstream.requests()))
                .build();
    }

    /** Retries exhausted: the dependency is still unavailable. */
    @ServerExceptionMapper
    public Response unavailable(DependencyUnavailableException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, e);
    }

    /** Never retried ({@code abort-on}): the client's fault. */
    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return error(Response.Status.BAD_REQUEST, e);
    }

    private Response error(Response.Status status, RuntimeException e) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResult(e.getClass().getSimpleName(), e.getMessage(), dependency.calls()))
                .build();
    }
}
