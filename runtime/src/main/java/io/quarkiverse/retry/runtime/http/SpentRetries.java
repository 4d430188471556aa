package io.quarkiverse.retry.runtime.http;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.core.HttpResponses;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The server end of retries across services: an event consumer that, when a retry sequence gives up while the
 * application serves an HTTP request, makes that request's error response (status 400 or above) carry the header
 * {@code quarkus.retry.propagation.header-name}, with the outcome as its value. A sequence gives up when it ran out
 * of attempts (with more than one allowed: a policy that never retries leaves the retrying to the layer above), of
 * time or of budget, when its breaker is open, or when it received the header itself (so that the header travels up
 * the chain). A response that is not an error, or that already has the header, is left as it is.
 * <p>
 * It covers every way the error response is made: a Jakarta REST response (a resource, an exception mapper) through
 * {@link SpentRetriesFilter}, and any other (Quarkus' error handler for an exception nobody mapped, a route) through a
 * headers-end handler on the Vert.x response. Nothing happens per request, and a call
 * that succeeds costs one comparison: only a sequence that gives up during a request looks the request up (and
 * registers one headers-end handler on it, once).
 * <p>
 * Threading: immutable; what it remembers lives in the request's {@link RoutingContext}.
 */
public final class SpentRetries implements RetryEvents {

    /** The routing-context key of the outcome of the sequence that gave up. */
    static final String OUTCOME = "io.quarkiverse.retry.spent-downstream";

    /**
     * The header {@link SpentRetriesFilter} writes, {@code null} when responses are not marked; set once at startup.
     * It lives here, not in the filter, so that an application without Jakarta REST never loads the filter class.
     */
    private static volatile String responseHeader;

    private final String header;
    private final HttpResponses responses;

    SpentRetries(String header, HttpResponses responses) {
        this.header = header;
        this.responses = responses;
    }

    /** Sets (or, with {@code null}, clears) the header the Jakarta REST filter writes. */
    static void markResponsesWith(String header) {
        responseHeader = header;
    }

    /** The header the Jakarta REST filter writes, {@code null} when responses are not marked. */
    static String responseHeader() {
        return responseHeader;
    }

    @Override
    public RetryListener forMethod(RetryTarget target) {
        boolean retries = target.policy().maxAttempts() > 1;
        return new RetryListener() {
            @Override
            public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
                if (failure != null && outcome != RetryOutcome.SUCCESS && givesUp(outcome, failure, retries)) {
                    remember(outcome);
                }
            }
        };
    }

    private boolean givesUp(RetryOutcome outcome, Throwable failure, boolean retries) {
        return switch (outcome) {
            case EXHAUSTED -> retries;
            case MAX_DURATION, BUDGET_DENIED, CIRCUIT_OPEN -> true;
            case NOT_RETRYABLE -> responses.header(failure, header) != null;
            default -> false;
        };
    }

    /** Remembers the outcome on the current request, if there is one. */
    private void remember(RetryOutcome outcome) {
        RoutingContext request;
        try {
            request = currentRequest();
        } catch (RuntimeException e) {
            return; // no request being served here: nothing to mark (listeners must not throw)
        }
        if (request == null || request.response().headWritten()) {
            return;
        }
        boolean first = request.get(OUTCOME) == null;
        request.put(OUTCOME, outcome.tag());
        if (first) {
            request.addHeadersEndHandler(ignored -> mark(request));
        }
    }

    /**
     * Just before the response's headers are written: the error responses Quarkus' error handler writes for an
     * exception nobody mapped (a Jakarta REST response, whose status is only set later, is marked by
     * {@link SpentRetriesFilter}).
     */
    private void mark(RoutingContext request) {
        HttpServerResponse response = request.response();
        Object outcome = request.get(OUTCOME);
        if (outcome != null && response.getStatusCode() >= 400 && !response.headers().contains(header)) {
            response.putHeader(header, outcome.toString());
        }
    }

    /** The outcome of a sequence that gave up during the current request, {@code null} if none did. */
    static String spentDuringCurrentRequest() {
        RoutingContext request;
        try {
            request = currentRequest();
        } catch (RuntimeException e) {
            return null;
        }
        Object outcome = request == null ? null : request.get(OUTCOME);
        return outcome == null ? null : outcome.toString();
    }

    static RoutingContext currentRequest() {
        ArcContainer container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return null;
        }
        InstanceHandle<CurrentVertxRequest> current = container.instance(CurrentVertxRequest.class);
        return current.isAvailable() ? current.get().getCurrent() : null;
    }
}
