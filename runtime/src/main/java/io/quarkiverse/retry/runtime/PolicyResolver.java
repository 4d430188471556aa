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
import java.util.function.LongSupplier;

import org.eclipse.microprofile.config.Config;

import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.FailureTypes;
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

    static final double DEFAULT_BUDGET_RATIO = 0.2;
    static final double DEFAULT_BUDGET_MIN_RETRIES_PER_SECOND = 10;
    static final Duration DEFAULT_BUDGET_WINDOW = Duration.ofSeconds(10);
    static final double DEFAULT_BUDGET_BURST_FACTOR = 2.0;
    static final int DEFAULT_BREAKER_REQUEST_VOLUME_THRESHOLD = 100;
    static final double DEFAULT_BREAKER_FAILURE_RATIO = 0.5;
    static final Duration DEFAULT_BREAKER_DELAY = Duration.ofSeconds(5);
    static final int DEFAULT_BREAKER_SUCCESS_THRESHOLD = 1;

    private static final String PREFIX = "quarkus.retry.";

    private final RetryConfig config;
    private final Config rawConfig;
    private final ClassLoader classLoader;
    private final RandomSource random;
    private final LongSupplier clock;
    private final java.util.function.Supplier<LongSupplier> budgetClock;
    private final List<String> problems = new ArrayList<>();
    private Set<String> propertyNames;
    private RetryBudget sharedBudget;

    /**
     * @param clock precise monotonic nanoseconds, for breakers and max-duration
     * @param budgetClock creates the (coarse) clock of budgets, on the first budget only
     */
    PolicyResolver(RetryConfig config, Config rawConfig, ClassLoader classLoader, RandomSource random,
            LongSupplier clock, java.util.function.Supplier<LongSupplier> budgetClock) {
        this.budgetClock = budgetClock;
        this.config = config;
        this.rawConfig = rawConfig;
        this.classLoader = classLoader;
        this.random = random;
        this.clock = clock;
    }

    List<String> problems() {
        return problems;
    }

    /** The default policy under key {@code ""}, then every named policy. Invalid ones are left out. */
    Map<String, ResolvedPolicy> resolveAll() {
        Map<String, ResolvedPolicy> policies = new LinkedHashMap<>();
        ResolvedPolicy defaults = resolveWithGuards("", config.defaultPolicy());
        if (defaults != null) {
            policies.put("", defaults);
        }
        for (Map.Entry<String, RetryPolicyConfig> named : config.policies().entrySet()) {
            ResolvedPolicy policy = resolveWithGuards(named.getKey(), named.getValue());
            if (policy != null) {
                policies.put(named.getKey(), policy);
            }
        }
        return policies;
    }

    private ResolvedPolicy resolveWithGuards(String name, RetryPolicyConfig config) {
        int before = problems.size();
        RetryPolicy policy = resolve(name, config);
        RetryBudget budget = resolveBudget(name, config.budget());
        CircuitBreaker breaker = null;
        FailureTypes breakerFailures = null;
        BreakerSettings breakerSettings = resolveBreaker(name, config.circuitBreaker());
        if (problems.size() > before || policy == null) {
            return null;
        }
        if (breakerSettings != null) {
            breaker = breakerSettings.breaker;
            breakerFailures = breakerSettings.failures;
        }
        return new ResolvedPolicy(policy, budget, breaker, breakerFailures);
    }

    /** The shared budget, or the policy's own, or {@code null}. */
    private RetryBudget resolveBudget(String name, BudgetConfig own) {
        BudgetConfig defaults = config.defaultPolicy().budget();
        boolean named = !name.isEmpty();
        Source<Boolean> enabled = pick(name, "budget.enabled", own.enabled(),
                named ? defaults.enabled() : Optional.empty(), true);
        if (!named && own.shared().isPresent()) {
            problems.add(keyOf("", "budget.shared") + "=" + raw(keyOf("", "budget.shared"), own.shared().get())
                    + ": only named policies choose between the shared budget and one of their own"
                    + " (quarkus.retry.\"<name>\".budget.shared)");
        }
        boolean shared = !named || own.shared().orElse(true);
        if (shared && named) {
            for (String property : List.of("ratio", "min-retries-per-second", "window", "burst-factor")) {
                String key = keyOf(name, "budget." + property);
                if (propertyNames().contains(key)) {
                    problems.add(key + "=" + raw(key, "") + ": has no effect while " + keyOf(name, "budget.shared")
                            + " is true (the policy spends from the shared budget, quarkus.retry.budget.*); set it to"
                            + " false to give the policy a budget of its own");
                }
            }
        }
        if (!enabled.value) {
            return null;
        }
        if (shared) {
            if (sharedBudget == null) {
                sharedBudget = createBudget("", defaults, "shared");
            }
            return sharedBudget;
        }
        return createBudget(name, own, "of policy " + name);
    }

    private RetryBudget createBudget(String name, BudgetConfig own, String displayName) {
        BudgetConfig defaults = config.defaultPolicy().budget();
        boolean named = !name.isEmpty();
        Source<Double> ratio = pick(name, "budget.ratio", toBoxed(own.ratio()),
                named ? toBoxed(defaults.ratio()) : Optional.empty(), DEFAULT_BUDGET_RATIO);
        Source<Double> min = pick(name, "budget.min-retries-per-second", toBoxed(own.minRetriesPerSecond()),
                named ? toBoxed(defaults.minRetriesPerSecond()) : Optional.empty(),
                DEFAULT_BUDGET_MIN_RETRIES_PER_SECOND);
        Source<Duration> window = pick(name, "budget.window", own.window(),
                named ? defaults.window() : Optional.empty(), DEFAULT_BUDGET_WINDOW);
        Source<Double> burst = pick(name, "budget.burst-factor", toBoxed(own.burstFactor()),
                named ? toBoxed(defaults.burstFactor()) : Optional.empty(), DEFAULT_BUDGET_BURST_FACTOR);
        int before = problems.size();
        if (!(ratio.value >= 0) || ratio.value.isInfinite()) {
            problem(ratio, "must be a finite number greater than or equal to 0");
        }
        if (!(min.value >= 0) || min.value.isInfinite()) {
            problem(min, "must be a finite number greater than or equal to 0");
        }
        if (window.value.compareTo(Duration.ofSeconds(1)) < 0) {
            problem(window, "must be at least 1s");
        }
        if (!(burst.value >= 1) || burst.value.isInfinite()) {
            problem(burst, "must be a finite number greater than or equal to 1");
        }
        if (problems.size() > before) {
            return null;
        }
        return new RetryBudget(displayName, ratio.value, min.value, nanos(window.value), burst.value,
                budgetClock.get());
    }

    private static final class BreakerSettings {
        final CircuitBreaker breaker;
        final FailureTypes failures;

        BreakerSettings(CircuitBreaker breaker, FailureTypes failures) {
            this.breaker = breaker;
            this.failures = failures;
        }
    }

    private BreakerSettings resolveBreaker(String name, CircuitBreakerConfig own) {
        CircuitBreakerConfig defaults = config.defaultPolicy().circuitBreaker();
        boolean named = !name.isEmpty();
        Source<Boolean> enabled = pick(name, "circuit-breaker.enabled", own.enabled(),
                named ? defaults.enabled() : Optional.empty(), false);
        if (!enabled.value) {
            return null;
        }
        Source<Integer> volume = pick(name, "circuit-breaker.request-volume-threshold",
                toBoxed(own.requestVolumeThreshold()),
                named ? toBoxed(defaults.requestVolumeThreshold()) : Optional.empty(),
                DEFAULT_BREAKER_REQUEST_VOLUME_THRESHOLD);
        Source<Double> ratio = pick(name, "circuit-breaker.failure-ratio", toBoxed(own.failureRatio()),
                named ? toBoxed(defaults.failureRatio()) : Optional.empty(), DEFAULT_BREAKER_FAILURE_RATIO);
        Source<Duration> delay = pick(name, "circuit-breaker.delay", own.delay(),
                named ? defaults.delay() : Optional.empty(), DEFAULT_BREAKER_DELAY);
        Source<Integer> successes = pick(name, "circuit-breaker.success-threshold", toBoxed(own.successThreshold()),
                named ? toBoxed(defaults.successThreshold()) : Optional.empty(), DEFAULT_BREAKER_SUCCESS_THRESHOLD);
        Optional<List<String>> failOn = own.failOn().isPresent() || !named ? own.failOn() : defaults.failOn();
        Optional<List<String>> skipOn = own.skipOn().isPresent() || !named ? own.skipOn() : defaults.skipOn();
        int before = problems.size();
        if (volume.value < 1) {
            problem(volume, "must be at least 1");
        }
        if (!(ratio.value > 0 && ratio.value <= 1)) {
            problem(ratio, "must be greater than 0 and at most 1");
        }
        if (delay.value.isNegative()) {
            problem(delay, "must not be negative");
        }
        if (successes.value < 1) {
            problem(successes, "must be at least 1");
        }
        FailureTypes failures = null;
        if (failOn.isPresent() || skipOn.isPresent()) {
            // unset halves default to the policy's retry-on / abort-on
            RetryPolicyConfig policyConfig = named ? config.policies().get(name) : config.defaultPolicy();
            Source<List<String>> included = failOn.isPresent()
                    ? pick(name, "circuit-breaker.fail-on", failOn, Optional.empty(), null)
                    : pick(name, "retry-on", policyConfig.retryOn(),
                            named ? config.defaultPolicy().retryOn() : Optional.empty(), DEFAULT_RETRY_ON);
            Source<List<String>> excluded = skipOn.isPresent()
                    ? pick(name, "circuit-breaker.skip-on", skipOn, Optional.empty(), null)
                    : pick(name, "abort-on", policyConfig.abortOn(),
                            named ? config.defaultPolicy().abortOn() : Optional.empty(), List.of());
            failures = new FailureTypes(loadThrowables(included), loadThrowables(excluded));
        }
        if (problems.size() > before) {
            return null;
        }
        return new BreakerSettings(new CircuitBreaker(name, volume.value, ratio.value, nanos(delay.value),
                successes.value, clock), failures);
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
