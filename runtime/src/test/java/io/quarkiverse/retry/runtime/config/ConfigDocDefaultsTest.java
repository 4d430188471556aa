package io.quarkiverse.retry.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.runtime.config.TestConfig.Resolved;
import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.configuration.DurationConverter;

/**
 * The documented defaults ({@code @ConfigDocDefault}, which become the generated configuration reference) are the
 * defaults the code applies ({@link Defaults}), and an empty configuration resolves to exactly those.
 */
class ConfigDocDefaultsTest {

    /** Keys whose documented default is a reference to another key rather than a value. */
    private static final Map<String, String> REFERENCES = Map.of(
            "BREAKER_FAIL_ON", "the policy's retry-on",
            "BREAKER_SKIP_ON", "the policy's abort-on");

    @Test
    void everyDocumentedDefaultIsTheDefaultTheCodeApplies() throws Exception {
        List<String> checked = new ArrayList<>();
        check(RetryPolicyConfig.class, "", checked);
        check(BudgetConfig.class, "BUDGET_", checked);
        check(CircuitBreakerConfig.class, "BREAKER_", checked);
        assertThat(checked).as("every key with a documented default was compared").hasSize(27);
    }

    private static void check(Class<?> group, String prefix, List<String> checked) throws Exception {
        for (Method key : group.getDeclaredMethods()) {
            ConfigDocDefault documented = key.getAnnotation(ConfigDocDefault.class);
            if (documented == null) {
                continue;
            }
            String constant = prefix + key.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
            checked.add(constant);
            if (REFERENCES.containsKey(constant)) {
                assertThat(documented.value()).as(constant).isEqualTo(REFERENCES.get(constant));
                continue;
            }
            Field field = Defaults.class.getField(constant);
            Object applied = field.get(null);
            assertThat(parse(documented.value(), elementType(key))).as("@ConfigDocDefault of %s#%s vs Defaults.%s",
                    group.getSimpleName(), key.getName(), constant).isEqualTo(applied);
        }
    }

    private static Type elementType(Method key) {
        Type type = key.getGenericReturnType();
        assertThat(key.getReturnType()).as("%s is optional, so that named policies can fall back", key)
                .isEqualTo(Optional.class);
        return ((ParameterizedType) type).getActualTypeArguments()[0];
    }

    private static Object parse(String value, Type type) {
        if (type == Integer.class) {
            return Integer.valueOf(value);
        }
        if (type == Double.class) {
            return Double.valueOf(value);
        }
        if (type == Boolean.class) {
            return Boolean.valueOf(value);
        }
        if (type == Duration.class) {
            return new DurationConverter().convert(value);
        }
        if (type == JitterType.class) {
            return JitterType.valueOf(value.toUpperCase().replace('-', '_'));
        }
        // List<String>: "none" documents the empty list
        return "none".equals(value) ? List.of() : List.of(value.split(","));
    }

    @Test
    void anEmptyConfigurationAppliesTheDefaults() {
        Resolved resolved = TestConfig.resolve("quarkus.retry.circuit-breaker.enabled=true");
        ResolvedPolicy defaults = resolved.policy("");
        RetryPolicy policy = defaults.policy();
        assertThat(policy.maxAttempts()).isEqualTo(Defaults.MAX_ATTEMPTS);
        Backoff backoff = policy.backoff();
        assertThat(backoff.baseNanos()).isEqualTo(Defaults.BASE_DELAY.toNanos());
        assertThat(backoff.maxNanos()).isEqualTo(Defaults.MAX_DELAY.toNanos());
        // TestConfig's random source draws 0.5: proportional jitter of 0.1 shortens the wait by 5%
        long exp2 = (long) (Defaults.BASE_DELAY.toNanos() * Defaults.MULTIPLIER);
        assertThat(backoff.exponentialNanos(2)).as("multiplier").isEqualTo(exp2);
        assertThat(backoff.delayNanos(2, backoff.baseNanos()))
                .as("proportional jitter with jitter-factor %s", Defaults.JITTER_FACTOR)
                .isEqualTo((long) (exp2 - 0.5 * Defaults.JITTER_FACTOR * exp2));
        assertThat(policy.hasMaxDuration()).isFalse();
        assertThat(policy.isRetryable(new Exception())).as("retry-on java.lang.Exception").isTrue();
        assertThat(policy.isRetryable(new Error())).isFalse();

        assertThat(defaults.budget().ratio()).isEqualTo(Defaults.BUDGET_RATIO);
        assertThat(defaults.budget().minRetriesPerSecond()).isEqualTo(Defaults.BUDGET_MIN_RETRIES_PER_SECOND);
        assertThat(defaults.budget().windowSeconds()).isEqualTo(Defaults.BUDGET_WINDOW.toSeconds());
        assertThat(defaults.budget().burstFactor()).isEqualTo(Defaults.BUDGET_BURST_FACTOR);

        assertThat(defaults.breaker().requestVolumeThreshold()).isEqualTo(Defaults.BREAKER_REQUEST_VOLUME_THRESHOLD);
        assertThat(defaults.breaker().failureRatio()).isEqualTo(Defaults.BREAKER_FAILURE_RATIO);
        assertThat(defaults.breaker().delayNanos()).isEqualTo(Defaults.BREAKER_DELAY.toNanos());
        assertThat(defaults.breaker().successThreshold()).isEqualTo(Defaults.BREAKER_SUCCESS_THRESHOLD);
        assertThat(defaults.breakerFailures()).isNull();

        assertThat(TestConfig.resolve("").policy("").breaker()).as("breaker enabled defaults to %s",
                Defaults.BREAKER_ENABLED).isNull();
    }
}
