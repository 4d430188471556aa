package io.quarkiverse.retry.runtime.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.retry.runtime.core.Causes;
import io.quarkiverse.retry.runtime.core.HttpResponses;

/**
 * The HTTP response a Jakarta REST {@link WebApplicationException} carries, found on the failure or in its cause
 * chain: what the REST client throws for every error status, whatever the method's return shape. Only used when the
 * application has Jakarta REST ({@link HttpRecorder}).
 */
final class JaxRsResponses implements HttpResponses {

    @Override
    public int status(Throwable failure) {
        Response response = response(failure);
        return response == null ? -1 : response.getStatus();
    }

    @Override
    public String header(Throwable failure, String name) {
        Response response = response(failure);
        return response == null ? null : response.getHeaderString(name);
    }

    private static Response response(Throwable failure) {
        return Causes.first(failure, t -> t instanceof WebApplicationException web ? web.getResponse() : null);
    }
}
