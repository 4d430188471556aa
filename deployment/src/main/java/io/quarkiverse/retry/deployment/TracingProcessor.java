package io.quarkiverse.retry.deployment;

import io.quarkiverse.retry.runtime.config.RetryBuildTimeConfig;
import io.quarkiverse.retry.runtime.tracing.TracingRecorder;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;

/** OpenTelemetry span events (and optional call spans) of the retries, when the application has tracing. */
class TracingProcessor {

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void tracing(RetryBuildTimeConfig config, Capabilities capabilities, TracingRecorder recorder,
            BuildProducer<RetryEventsBuildItem> events) {
        if (capabilities.isPresent(Capability.OPENTELEMETRY_TRACER) && config.tracing().enabled()) {
            events.produce(new RetryEventsBuildItem(recorder.retryTracing(config.tracing().span())));
        }
    }
}
