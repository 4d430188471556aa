package io.quarkiverse.retry.runtime.http;

import io.quarkiverse.retry.runtime.config.PropagationConfig;
import io.quarkiverse.retry.runtime.config.RetryConfig;
import io.quarkiverse.retry.runtime.core.HttpResponses;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/**
 * Records the reader of HTTP responses, only in applications that have Jakarta REST (the build checks), so that
 * nothing else refers to the Jakarta REST types; and the server end of retries across services, only in
 * applications that serve HTTP.
 */
@Recorder
public class HttpRecorder {

    private final RuntimeValue<RetryConfig> config;

    public HttpRecorder(RuntimeValue<RetryConfig> config) {
        this.config = config;
    }

    public RuntimeValue<HttpResponses> jaxRsResponses() {
        return new RuntimeValue<>(new JaxRsResponses());
    }

    /**
     * The consumer that marks the error responses of requests during which a retry sequence gave up
     * ({@link SpentRetries}), or nothing when {@code quarkus.retry.propagation} turns that off.
     *
     * @param responses reads the header from a failure's response, to pass the signal on
     */
    public RuntimeValue<RetryEvents> spentRetries(RuntimeValue<HttpResponses> responses) {
        PropagationConfig propagation = config.getValue().propagation();
        if (!propagation.enabled() || !propagation.markResponses()) {
            SpentRetries.markResponsesWith(null);
            return new RuntimeValue<>(RetryEvents.NONE);
        }
        SpentRetries.markResponsesWith(propagation.headerName());
        return new RuntimeValue<>(new SpentRetries(propagation.headerName(), responses.getValue()));
    }
}
