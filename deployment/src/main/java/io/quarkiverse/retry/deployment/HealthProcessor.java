package io.quarkiverse.retry.deployment;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTransformation;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;

import io.quarkiverse.retry.runtime.config.RetryBuildTimeConfig;
import io.quarkus.arc.deployment.AnnotationsTransformerBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;

/**
 * The {@code quarkus-retry} health check, when the application has {@code quarkus-smallrye-health} and some policy
 * has a circuit breaker (in the build's configuration). Its group comes from {@code quarkus.retry.health.group}.
 */
class HealthProcessor {

    /** By name: loading the class would need MicroProfile Health on the build's class path. */
    private static final String CHECK_CLASS = "io.quarkiverse.retry.runtime.health.RetryHealthCheck";
    private static final DotName CHECK = DotName.createSimple(CHECK_CLASS);
    private static final DotName LIVENESS = DotName.createSimple("org.eclipse.microprofile.health.Liveness");
    private static final DotName READINESS = DotName.createSimple("org.eclipse.microprofile.health.Readiness");
    private static final DotName WELLNESS = DotName.createSimple("io.smallrye.health.api.Wellness");
    private static final DotName HEALTH_GROUP = DotName.createSimple("io.smallrye.health.api.HealthGroup");

    @BuildStep
    void healthCheck(Capabilities capabilities, RetryBuildTimeConfig config, BuildProducer<HealthBuildItem> health,
            BuildProducer<AnnotationsTransformerBuildItem> transformers, BuildProducer<UnremovableBeanBuildItem> keep) {
        if (!capabilities.isPresent(Capability.SMALLRYE_HEALTH) || !anyBreaker()) {
            return;
        }
        health.produce(new HealthBuildItem(CHECK_CLASS, true));
        keep.produce(UnremovableBeanBuildItem.beanClassNames(CHECK_CLASS));
        String group = config.health().group();
        AnnotationInstance qualifier = switch (group) {
            case "wellness" -> AnnotationInstance.builder(WELLNESS).build();
            case "readiness" -> AnnotationInstance.builder(READINESS).build();
            case "liveness" -> AnnotationInstance.builder(LIVENESS).build();
            default -> AnnotationInstance.builder(HEALTH_GROUP).add(AnnotationValue.createStringValue("value", group))
                    .build();
        };
        transformers.produce(new AnnotationsTransformerBuildItem(AnnotationTransformation.forClasses()
                .whenClass(CHECK).transform(context -> context.add(qualifier))));
    }

    /** Whether some policy enables a circuit breaker in the build's configuration. */
    private static boolean anyBreaker() {
        var config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("quarkus.retry.") && name.endsWith("circuit-breaker.enabled")
                    && config.getOptionalValue(name, Boolean.class).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
