package io.quarkiverse.retry.runtime.config;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.quarkiverse.retry.runtime.core.HttpResponses;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The configuration mapping and its resolver without booting Quarkus: {@code application.properties} text in,
 * resolved policies and problems out.
 */
final class TestConfig {

    /** What the resolver made of a configuration. */
    record Resolved(Map<String, ResolvedPolicy> policies, List<String> problems, List<String> warnings,
            RetryConfig mapping) {

        ResolvedPolicy policy(String name) {
            return policies.get(name);
        }

        String message() {
            return String.join("\n", problems);
        }
    }

    private TestConfig() {
    }

    /**
     * The mapping as Quarkus builds it (with its converter for durations such as {@code 200ms}), from
     * {@code properties}; a key that maps to nothing fails the build of the configuration.
     */
    static SmallRyeConfig config(String properties) {
        return config(properties, true);
    }

    /**
     * @param validateUnknown {@code false} to ignore keys that map to nothing, as Quarkus does (it only warns)
     */
    static SmallRyeConfig config(String properties, boolean validateUnknown) {
        Properties parsed = new Properties();
        try {
            parsed.load(new StringReader(properties));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        Map<String, String> values = new HashMap<>();
        parsed.forEach((key, value) -> values.put((String) key, (String) value));
        return new SmallRyeConfigBuilder()
                .withMapping(RetryConfig.class)
                .withMapping(RetryBuildTimeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 250))
                .withValidateUnknown(validateUnknown)
                .build();
    }

    static Resolved resolve(String properties) {
        return resolve(config(properties));
    }

    /** Like Quarkus: a key that maps to nothing is not an error (the resolver warns about it). */
    static Resolved resolveLenient(String properties) {
        return resolve(config(properties, false));
    }

    private static Resolved resolve(SmallRyeConfig config) {
        RetryConfig mapping = config.getConfigMapping(RetryConfig.class);
        long[] now = { 1_000_000_000_000L };
        RetryConfigResolver resolver = new RetryConfigResolver(mapping, config, TestConfig.class.getClassLoader(),
                () -> 0.5, () -> now[0], () -> () -> now[0], RetryEvents.NONE, HttpResponses.NONE, List.of());
        Map<String, ResolvedPolicy> policies = resolver.resolveAll();
        return new Resolved(policies, List.copyOf(resolver.problems()), List.copyOf(resolver.warnings()), mapping);
    }
}
