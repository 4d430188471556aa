package io.quarkiverse.retry.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkiverse.retry.runtime.config.ConfigKeys.Kind;
import io.quarkiverse.retry.runtime.config.TestConfig.Resolved;
import io.quarkiverse.retry.runtime.core.RetryLog;
import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * The keys quarkus-retry knows (kept in step with the mapping interfaces) and the warning about a key it does not:
 * the nearest valid key, in the user's spelling of the policy name, and no warning for any valid key, whatever the
 * policy is called.
 */
class ConfigKeysTest {

    // --- the list of keys is the mapping's -----------------------------------------------------------------------

    @Test
    void policyKeysAreThoseOfTheMappingInterfaces() {
        assertThat(ConfigKeys.POLICY).containsExactlyInAnyOrderEntriesOf(keysOf(RetryPolicyConfig.class));
    }

    @Test
    void globalKeysAreThoseOfTheMappingRootsThatNoPolicyHas() {
        Map<String, Kind> roots = keysOf(RetryConfig.class);
        roots.putAll(keysOf(RetryBuildTimeConfig.class));
        // the default policy's keys sit directly under the prefix (@WithParentName)
        assertThat(roots).containsAllEntriesOf(ConfigKeys.POLICY);
        ConfigKeys.POLICY.keySet().forEach(roots::remove);
        assertThat(ConfigKeys.GLOBAL).containsExactlyInAnyOrderEntriesOf(roots);
    }

    @Test
    void theRootsAreWhereTheKeysAre() {
        assertThat(RetryConfig.class.getAnnotation(ConfigMapping.class).prefix()).isEqualTo("quarkus.retry");
        assertThat(RetryBuildTimeConfig.class.getAnnotation(ConfigMapping.class).prefix()).isEqualTo("quarkus.retry");
        assertThat(RetryConfig.class.getAnnotation(ConfigMapping.class).namingStrategy())
                .isEqualTo(ConfigMapping.NamingStrategy.KEBAB_CASE);
        assertThat(RetryBuildTimeConfig.class.getAnnotation(ConfigMapping.class).namingStrategy())
                .isEqualTo(ConfigMapping.NamingStrategy.KEBAB_CASE);
        assertThat(ConfigKeys.GROUPS).containsExactly("propagation", "metrics", "tracing", "health", "budget",
                "circuit-breaker");
    }

    /** The keys of a mapping interface, as SmallRye Config names them (kebab case, groups nested, maps skipped). */
    private static Map<String, Kind> keysOf(Class<?> type) {
        Map<String, Kind> keys = new LinkedHashMap<>();
        collect(type, "", keys);
        return keys;
    }

    private static void collect(Class<?> type, String prefix, Map<String, Kind> keys) {
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = withName != null ? withName.value() : kebab(method.getName());
            String key = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + name;
            Type returned = method.getGenericReturnType();
            Class<?> raw = rawType(returned);
            if (raw == Optional.class) {
                returned = ((ParameterizedType) returned).getActualTypeArguments()[0];
                raw = rawType(returned);
            }
            if (raw == Map.class) {
                // the named policies: quarkus.retry."name".<policy key>, which ConfigKeys reads as such
                assertThat(((ParameterizedType) returned).getActualTypeArguments())
                        .as(method.toString()).containsExactly(String.class, RetryPolicyConfig.class);
                assertThat(method.isAnnotationPresent(WithParentName.class)).as(method.toString()).isTrue();
                continue;
            }
            if (raw.isInterface() && raw.isAnnotationPresent(ConfigGroup.class)) {
                collect(raw, key.isEmpty() ? "" : key + ".", keys);
                continue;
            }
            Kind kind = raw == boolean.class || raw == Boolean.class ? Kind.BOOLEAN
                    : List.class.isAssignableFrom(raw) ? Kind.LIST : Kind.VALUE;
            assertThat(keys.put(key, kind)).as("key %s twice", key).isNull();
        }
    }

    private static Class<?> rawType(Type type) {
        return type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
    }

    private static String kebab(String methodName) {
        return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    // --- valid keys: no warning ----------------------------------------------------------------------------------

    static Stream<String> validKeys() {
        List<String> names = new ArrayList<>();
        for (String key : ConfigKeys.GLOBAL.keySet()) {
            names.add("quarkus.retry." + key);
        }
        // named policies, whatever they are called: quoted or not, with dots, or named like a key or a group
        for (String policy : List.of("", "payments.", "\"payments\".", "\"pay.v2\".", "max-attempts.", "\"budget\".",
                "budget.", "circuit-breaker.", "enabled.", "PaymentsV2.")) {
            for (String key : ConfigKeys.POLICY.keySet()) {
                names.add("quarkus.retry." + policy + key);
            }
        }
        names.add("quarkus.retry.retry-on[0]");
        names.add("quarkus.retry.\"payments\".abort-on-status[12]");
        names.add("quarkus.retry.api.circuit-breaker.fail-on[1]");
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("validKeys")
    void validKeysAreNotWarnedAbout(String name) {
        assertThat(ConfigKeys.kind(name)).isNotNull();
        assertThat(ConfigKeys.warning(name)).isNull();
    }

    @Test
    void otherPrefixesAreNotChecked() {
        assertThat(ConfigKeys.warning("quarkus.retryx.max-atempts")).isNull();
        assertThat(ConfigKeys.warning("quarkus.http.port")).isNull();
    }

    // --- unknown keys: the nearest valid key ---------------------------------------------------------------------

    static Stream<Arguments> typos() {
        return Stream.of(
                Arguments.of("quarkus.retry.max-atempts", "quarkus.retry.max-attempts"),
                Arguments.of("quarkus.retry.\"payments\".base-dealy", "quarkus.retry.\"payments\".base-delay"),
                Arguments.of("quarkus.retry.payments.base-dealy", "quarkus.retry.payments.base-delay"),
                Arguments.of("quarkus.retry.budget.ration", "quarkus.retry.budget.ratio"),
                Arguments.of("quarkus.retry.budgets.ratio", "quarkus.retry.budget.ratio"),
                Arguments.of("quarkus.retry.payments.budget.ration", "quarkus.retry.payments.budget.ratio"),
                Arguments.of("quarkus.retry.circuit-braker.enabled", "quarkus.retry.circuit-breaker.enabled"),
                Arguments.of("quarkus.retry.api.circuit-breaker.falure-ratio",
                        "quarkus.retry.api.circuit-breaker.failure-ratio"),
                Arguments.of("quarkus.retry.retry-on-statuses", "quarkus.retry.retry-on-status"),
                Arguments.of("quarkus.retry.metrics.tag.method", "quarkus.retry.metrics.tags.method"),
                Arguments.of("quarkus.retry.propagation.header-nam", "quarkus.retry.propagation.header-name"),
                // another spelling of the key
                Arguments.of("quarkus.retry.maxAttempts", "quarkus.retry.max-attempts"),
                Arguments.of("quarkus.retry.MAX_ATTEMPTS", "quarkus.retry.max-attempts"),
                Arguments.of("quarkus.retry.\"payments\".jitterFactor", "quarkus.retry.\"payments\".jitter-factor"),
                // list elements keep their index; other keys have none
                Arguments.of("quarkus.retry.retry-onn[0]", "quarkus.retry.retry-on[0]"),
                Arguments.of("quarkus.retry.max-attempts[0]", "quarkus.retry.max-attempts"),
                // a policy name with dots must be quoted
                Arguments.of("quarkus.retry.pay.v2.max-attempts", "quarkus.retry.\"pay.v2\".max-attempts"),
                // the key without its group
                Arguments.of("quarkus.retry.ratio", "quarkus.retry.budget.ratio"),
                Arguments.of("quarkus.retry.failure-ratio", "quarkus.retry.circuit-breaker.failure-ratio"),
                Arguments.of("quarkus.retry.header-name", "quarkus.retry.propagation.header-name"),
                Arguments.of("quarkus.retry.\"payments\".window", "quarkus.retry.\"payments\".budget.window"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typos")
    void aTypoGetsTheNearestKey(String name, String suggestion) {
        assertThat(ConfigKeys.warning(name))
                .isEqualTo(name + " is not a quarkus-retry key; did you mean " + suggestion + "?");
    }

    static Stream<Arguments> everyKeyMisspelt() {
        List<Arguments> cases = new ArrayList<>();
        for (String key : ConfigKeys.GLOBAL.keySet()) {
            cases.add(Arguments.of("quarkus.retry.", key));
        }
        for (String policy : List.of("", "payments.", "\"pay.v2\".")) {
            for (String key : ConfigKeys.POLICY.keySet()) {
                cases.add(Arguments.of("quarkus.retry." + policy, key));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("everyKeyMisspelt")
    void everyKeyWithALetterLeftOutOrSwappedIsSuggested(String prefix, String key) {
        int leaf = key.lastIndexOf('.') + 1;
        int middle = leaf + (key.length() - leaf) / 2;
        String dropped = key.substring(0, middle) + key.substring(middle + 1);
        String swapped = key.substring(0, middle - 1) + key.charAt(middle) + key.charAt(middle - 1)
                + key.substring(middle + 1);
        for (String typo : List.of(dropped, swapped)) {
            if (typo.equals(key)) {
                continue; // swapped two equal letters
            }
            assertThat(ConfigKeys.warning(prefix + typo)).as(typo).endsWith("; did you mean " + prefix + key + "?");
        }
    }

    @Test
    void withNothingCloseTheWarningListsTheKeysThatCanBeWrittenThere() {
        assertThat(ConfigKeys.warning("quarkus.retry.payments.enabled")).isEqualTo(
                "quarkus.retry.payments.enabled is not a quarkus-retry key and is ignored; the keys of a policy"
                        + " (quarkus.retry.<key> for the default policy, quarkus.retry.\"<name>\".<key> for a named one)"
                        + " are max-attempts, base-delay, max-delay, multiplier, jitter, jitter-factor, max-duration,"
                        + " retry-on, abort-on, retry-on-status, abort-on-status, honor-retry-after,"
                        + " retry-non-idempotent, retry-on-result, budget.*, circuit-breaker.*");
        assertThat(ConfigKeys.warning("quarkus.retry.\"payments\".budget.limit")).isEqualTo(
                "quarkus.retry.\"payments\".budget.limit is not a quarkus-retry key and is ignored; the budget keys of"
                        + " a policy are budget.enabled, budget.shared, budget.ratio, budget.min-retries-per-second,"
                        + " budget.window, budget.burst-factor");
        assertThat(ConfigKeys.warning("quarkus.retry.propagation.header")).isEqualTo(
                "quarkus.retry.propagation.header is not a quarkus-retry key and is ignored; the propagation keys are"
                        + " quarkus.retry.propagation.enabled, quarkus.retry.propagation.header-name,"
                        + " quarkus.retry.propagation.mark-responses, quarkus.retry.propagation.honor-responses");
        assertThat(ConfigKeys.warning("quarkus.retry.foo")).startsWith("quarkus.retry.foo is not a quarkus-retry key"
                + " and is ignored; the keys of a policy");
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertThat(ConfigKeys.distance("base-dealy", "base-delay")).isEqualTo(1);
        assertThat(ConfigKeys.distance("max-atempts", "max-attempts")).isEqualTo(1);
        assertThat(ConfigKeys.distance("", "abc")).isEqualTo(3);
        assertThat(ConfigKeys.distance("ratio", "ratio")).isZero();
    }

    // --- at startup: warned, never a problem ---------------------------------------------------------------------

    @Test
    void theResolverWarnsInTheRetryCategoryAndTheStartGoesOn() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(RetryLog.CATEGORY);
        logger.addHandler(handler);
        Resolved resolved;
        try {
            resolved = TestConfig.resolveLenient("""
                    quarkus.retry.max-atempts=5
                    quarkus.retry."payments".base-dealy=1s
                    quarkus.retry."payments".max-attempts=2
                    quarkus.retry.budget.ration=0.5
                    quarkus.retry.max-attempts.max-attempts=4
                    quarkus.retry.budget.ratio=0.3
                    quarkus.retry.metrics.tags.method=false
                    quarkus.retry.retry-on[0]=java.io.IOException
                    """);
        } finally {
            logger.removeHandler(handler);
        }
        List<String> expected = List.of(
                "quarkus.retry.\"payments\".base-dealy is not a quarkus-retry key; did you mean"
                        + " quarkus.retry.\"payments\".base-delay?",
                "quarkus.retry.budget.ration is not a quarkus-retry key; did you mean quarkus.retry.budget.ratio?",
                "quarkus.retry.max-atempts is not a quarkus-retry key; did you mean quarkus.retry.max-attempts?");
        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.warnings()).containsExactlyElementsOf(expected);
        assertThat(resolved.policies()).containsOnlyKeys("", "payments", "max-attempts");
        assertThat(records).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING))
                .extracting(LogRecord::getMessage).containsExactlyElementsOf(expected);
    }
}
