package io.quarkiverse.retry.deployment;

import java.util.Optional;

import org.jboss.logging.Logger;

import io.quarkiverse.retry.runtime.config.RetryBuildTimeConfig;
import io.quarkiverse.retry.runtime.metrics.MetricsRecorder;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;

/** Micrometer meters of the retries, when the application has {@code quarkus-micrometer}. */
class MetricsProcessor {

    private static final Logger LOG = Logger.getLogger(MetricsProcessor.class);

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void metrics(RetryBuildTimeConfig config, Optional<MetricsCapabilityBuildItem> metricsCapability,
            MetricsRecorder recorder, BuildProducer<RetryEventsBuildItem> events) {
        boolean micrometer = metricsCapability.isPresent()
                && metricsCapability.get().metricsSupported(MetricsFactory.MICROMETER);
        if (!micrometer) {
            if (config.metrics().enabled().orElse(false)) {
                LOG.warn("quarkus.retry.metrics.enabled is true, but the application has no Micrometer: add"
                        + " io.quarkus:quarkus-micrometer (and a registry such as quarkus-micrometer-registry-prometheus)"
                        + " to get the retry meters");
            }
            return;
        }
        if (config.metrics().enabled().orElse(true)) {
            events.produce(new RetryEventsBuildItem(
                    recorder.retryMetrics(config.metrics().tags().method(), config.metrics().tags().errorType())));
        }
    }
}
