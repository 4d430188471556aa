package io.quarkiverse.retry.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.Config;

import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.core.RandomSource;
import io.quarkiverse.retry.runtime.core.RetryPolicy;

/**
 * Turns the configuration into validated {@link RetryPolicy} objects, once, at startup. A named policy takes every
 * key it leaves unset from the default policy. Every problem is collected (with the full property key and the bad
 * value) so that one failed start reports all of them.
 */
final class PolicyResolver {

    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
    static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    static final double DEFAULT_MULTIPLIER = 2.0;
    static final JitterType DEFAULT_JITTER = JitterType.PROPORTIONAL;
    static final double DEFAULT_JITTER_FACTOR = 0.1;
    static final List<String> DEFAULT_RETRY_ON = List.of(Exception.class.getName());

    private static final String PREFIX = "quarkus.retry.";

    private final RetryConfig config;
    private final Config rawConfig;
    private final ClassLoader classLoader;
    private final RandomSource random;
    private final List<String> problems = new ArrayList<>();
    private Set<String> propertyNames;

    PolicyResolver(RetryConfig config, Config rawConfig, ClassLoader classLoader, RandomSource random) {
        this.config = config;
        this.rawConfig = rawConfig;
        this.classLoader = classLoader;
        this.random = random;
    }

    List<String> problems() {
        return problems;
    }

    /** The default policy under key {@code ""}, then every named policy. Invalid ones are left out. */
    Map<String, RetryPolicy> resolveAll() {
        Map<String, RetryPolicy> policies = new LinkedHashMap<>();
        RetryPolicy defaults = resolve("", config.defaultPolicy());
        if (defaults != null) {
            policies.put("", defaults);
        }
        for (Map.Entry<String, RetryPolicyConfig> named : config.policies().entrySet()) {
            RetryPolicy policy = resolve(named.getKey(), named.getValue());
            if (policy != null) {
                policies.put(named.getKey(), policy);
            }
        }
        return policies;
    }

    private RetryPolicy resolve(String name, RetryPolicyConfig policy) {
        RetryPolicyConfig defaults = config.defaultPolicy();
        boolean named = !name.isEmpty();
        int before = problems.size();

        Source<Integer> maxAttempts = pick(name, "max-attempts", toBoxed(policy.maxAttempts()),
                named ? toBoxed(defaults.maxAttempts()) : Optional.empty(), DEFAULT_MAX_ATTEMPTS);
        Source<Duration> baseDelay = pick(name, "base-delay", policy.baseDelay(),
                named ? defaults.baseDelay() : Optional.empty(), DEFAULT_BASE_DELAY);
        Source<Duration> maxDelay = pick(name, "max-delay", policy.maxDelay(),
                named ? defaults.maxDelay() : Optional.empty(), DEFAULT_MAX_DELAY);
        Source<Double> multiplier = pick(name, "multiplier", toBoxed(policy.multiplier()),
                named ? toBoxed(defaults.multiplier()) : Optional.empty(), DEFAULT_MULTIPLIER);
        Source<JitterType> jitter = pick(name, "jitter", policy.jitter(),
                named ? defaults.jitter() : Optional.empty(), DEFAULT_JITTER);
        Source<Double> jitterFactor = pick(name, "jitter-factor", toBoxed(policy.jitterFactor()),
                named ? toBoxed(defaults.jitterFactor()) : Optional.empty(), DEFAULT_JITTER_FACTOR);
        Source<Duration> maxDuration = pick(name, "max-duration", policy.maxDuration(),
                named ? defaults.maxDuration() : Optional.empty(), null);
        Source<List<String>> retryOn = pick(name, "retry-on", policy.retryOn(),
                named ? defaults.retryOn() : Optional.empty(), DEFAULT_RETRY_ON);
        Source<List<String>> abortOn = pick(name, "abort-on", policy.abortOn(),
                named ? defaults.abortOn() : Optional.empty(), List.of());

        if (maxAttempts.value < 1) {
            problem(maxAttempts, "must be at least 1 (the first attempt counts)");
        }
        if (baseDelay.value.isNegative()) {
            problem(baseDelay, "must not be negative (0 retries at once)");
        }
        if (maxDelay.value.isNegative()) {
            problem(maxDelay, "must not be negative");
        } else if (!baseDelay.value.isNegative() && maxDelay.value.compareTo(baseDelay.value) < 0) {
            problem(maxDelay, "must be greater than or equal to " + baseDelay.key + " (" + baseDelay.raw + ")");
        }
        if (!(multiplier.value >= 1.0) || multiplier.value.isInfinite()) {
            problem(multiplier, "must be a finite number greater than or equal to 1");
        }
        if (!(jitterFactor.value >= 0.0 && jitterFactor.value <= 1.0)) {
            problem(jitterFactor, "must be between 0 and 1");
        }
        if (maxDuration.value != null && (maxDuration.value.isNegative() || maxDuration.value.isZero())) {
            problem(maxDuration, "must be positive (leave it unset for no limit)");
        }
        List<Class<? extends Throwable>> retryOnTypes = loadThrowables(retryOn);
        List<Class<? extends Throwable>> abortOnTypes = loadThrowables(abortOn);

        if (problems.size() > before) {
            return null;
        }
        Backoff backoff = new Backoff(nanos(baseDelay.value), nanos(maxDelay.value), multiplier.value,
                jitter.value.strategy(jitterFactor.value), random);
        long maxDurationNanos = maxDuration.value == null ? RetryPolicy.NO_MAX_DURATION : nanos(maxDuration.value);
        return new RetryPolicy(name, maxAttempts.value, backoff, maxDurationNanos, retryOnTypes, abortOnTypes);
    }

    private List<Class<? extends Throwable>> loadThrowables(Source<List<String>> names) {
        List<Class<? extends Throwable>> types = new ArrayList<>(names.value.size());
        for (String className : names.value) {
            String trimmed = className.trim();
            Class<?> type;
            try {
                type = Class.forName(trimmed, false, classLoader);
            } catch (ClassNotFoundException | LinkageError e) {
                problem(names, "names class " + trimmed + ", which cannot be loaded (" + e + ")");
                continue;
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                problem(names, "names class " + trimmed + ", which is not a java.lang.Throwable");
                continue;
            }
            types.add(type.asSubclass(Throwable.class));
        }
        return types;
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4; // ~36,000 years: "forever", and still safe to add to
        }
    }

    private void problem(Source<?> source, String message) {
        problems.add(source.key + "=" + source.raw + ": " + message);
    }

    /** A resolved value with the key it came from, for error messages. */
    private static final class Source<T> {
        final T value;
        final String key;
        final String raw;

        Source(T value, String key, String raw) {
            this.value = value;
            this.key = key;
            this.raw = raw;
        }
    }

    private <T> Source<T> pick(String name, String property, Optional<T> own, Optional<T> inherited, T fallback) {
        if (own.isPresent()) {
            String key = keyOf(name, property);
            return new Source<>(own.get(), key, raw(key, own.get()));
        }
        if (inherited.isPresent()) {
            String key = PREFIX + property;
            return new Source<>(inherited.get(), key, raw(key, inherited.get()));
        }
        return new Source<>(fallback, PREFIX + property + " (default)", String.valueOf(fallback));
    }

    private String raw(String key, Object value) {
        try {
            String raw = rawConfig.getConfigValue(key).getRawValue();
            if (raw != null) {
                return raw;
            }
        } catch (RuntimeException ignored) {
            // fall through to the converted value
        }
        return value instanceof List ? String.join(",", stringList(value)) : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Object value) {
        return (List<String>) value;
    }

    /**
     * The full property key as the user wrote it: {@code quarkus.retry.max-attempts} for the default policy,
     * {@code quarkus.retry.name.max-attempts} or {@code quarkus.retry."name".max-attempts} for a named one.
     */
    String keyOf(String name, String property) {
        if (name.isEmpty()) {
            return PREFIX + property;
        }
        String quoted = PREFIX + '"' + name + "\"." + property;
        String plain = PREFIX + name + '.' + property;
        Set<String> names = propertyNames();
        if (names.contains(plain) && !name.contains(".")) {
            return plain;
        }
        return names.contains(quoted) || name.contains(".") ? quoted : plain;
    }

    private Set<String> propertyNames() {
        if (propertyNames == null) {
            propertyNames = new TreeSet<>();
            for (String n : rawConfig.getPropertyNames()) {
                if (n.startsWith(PREFIX)) {
                    propertyNames.add(n);
                }
            }
        }
        return propertyNames;
    }

    private static Optional<Integer> toBoxed(OptionalInt value) {
        return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
    }

    private static Optional<Double> toBoxed(OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }
}
