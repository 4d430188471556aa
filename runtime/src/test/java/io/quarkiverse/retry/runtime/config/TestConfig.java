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
    record Resolved(Map<String, ResolvedPolicy> policies, List<String> problems, RetryConfig mapping) {

        ResolvedPolicy policy(String name) {
            return policies.get(name);
        }

        String message() {
            return String.join("\n", problems);
        }
    }

    private TestConfig() {
    }

    /** The mapping as Quarkus builds it (with its converter for durations such as {@code 200ms}), from {@code properties}. */
    static SmallRyeConfig config(String properties) {
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
                .build();
    }

    static Resolved resolve(String properties) {
        SmallRyeConfig config = config(properties);
        RetryConfig mapping = config.getConfigMapping(RetryConfig.class);
        long[] now = { 1_000_000_000_000L };
        RetryConfigResolver resolver = new RetryConfigResolver(mapping, config, TestConfig.class.getClassLoader(),
                () -> 0.5, () -> now[0], () -> () -> now[0], RetryEvents.NONE, HttpResponses.NONE, List.of());
        Map<String, ResolvedPolicy> policies = resolver.resolveAll();
        return new Resolved(policies, List.copyOf(resolver.problems()), mapping);
    }
}
