package io.quarkiverse.retry.it;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps the failures that reach the REST layer, once {@code @WithRetry} has given up, to HTTP errors.
 */
public class RetryExceptionMappers {

    private final FlakyDependency dependency;

    RetryExceptionMappers(FlakyDependency dependency) {
        this.dependency = dependency;
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
