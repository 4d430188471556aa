package io.quarkiverse.retry.runtime.config;

import java.util.Map;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Retry configuration. The default policy lives directly under {@code quarkus.retry}; named policies, selected with
 * {@code @WithRetry("name")}, live under {@code quarkus.retry."name"} and fall back to the default policy for every
 * key they leave unset.
 */
@ConfigMapping(prefix = "quarkus.retry")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface RetryConfig {

    /**
     * Whether retries are enabled. When {@code false}, every {@code @WithRetry} method makes exactly one attempt and
     * its failure propagates as if the annotation were absent.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Retries across services: only the layer next to a failing dependency retries.
     */
    PropagationConfig propagation();

    /**
     * The default retry policy, used by {@code @WithRetry} without a name and as the fallback for every key a named
     * policy leaves unset.
     */
    @WithParentName
    RetryPolicyConfig defaultPolicy();

    /**
     * Named retry policies, selected with {@code @WithRetry("name")}.
     */
    @WithParentName
    @ConfigDocMapKey("policy-name")
    @ConfigDocSection
    Map<String, RetryPolicyConfig> policies();
}
