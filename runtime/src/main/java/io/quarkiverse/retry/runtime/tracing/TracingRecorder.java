package io.quarkiverse.retry.runtime.tracing;

import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Records the OpenTelemetry consumer of the retry events, only in applications that have OpenTelemetry. */
@Recorder
public class TracingRecorder {

    /** @param callSpans {@code quarkus.retry.tracing.span} */
    public RuntimeValue<RetryEvents> retryTracing(boolean callSpans) {
        // no OpenTelemetry type in this class: the build loads recorders, and its class path has no OpenTelemetry
        return new RuntimeValue<>(RetryTracing.withContainerTracer(callSpans));
    }
}
