package io.quarkiverse.retry.runtime.metrics;

import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Records the Micrometer consumer of the retry events, only in applications that have Micrometer. */
@Recorder
public class MetricsRecorder {

    /**
     * @param methodTag {@code quarkus.retry.metrics.tags.method}
     * @param errorTypeTag {@code quarkus.retry.metrics.tags.error-type}
     */
    public RuntimeValue<RetryEvents> retryMetrics(boolean methodTag, boolean errorTypeTag) {
        // no Micrometer type in this class: the build loads recorders, and its class path has no Micrometer
        return new RuntimeValue<>(RetryMetrics.onGlobalRegistry(methodTag, errorTypeTag));
    }
}
