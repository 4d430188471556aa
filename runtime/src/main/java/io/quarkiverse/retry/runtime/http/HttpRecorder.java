package io.quarkiverse.retry.runtime.http;

import io.quarkiverse.retry.runtime.core.HttpResponses;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/**
 * Records the reader of HTTP responses, only in applications that have Jakarta REST (the build checks), so that
 * nothing else refers to the Jakarta REST types.
 */
@Recorder
public class HttpRecorder {

    public RuntimeValue<HttpResponses> jaxRsResponses() {
        return new RuntimeValue<>(new JaxRsResponses());
    }
}
