package io.quarkiverse.retry.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkiverse.retry.runtime.RetryConfigurationException;
import io.quarkiverse.retry.runtime.config.TestConfig.Resolved;
import io.smallrye.config.ConfigValidationException;

/**
 * Every key of a policy (the retry keys, {@code budget.*}, {@code circuit-breaker.*}), for the default policy and for
 * a named policy (unquoted and quoted), times every kind of invalid value that applies to it, plus the keys of no
 * policy: each input must fail the start with a message that names the full key as written and the value as
 * written. A wrong type fails in SmallRye Config's converters (the start fails with its message); any other invalid
 * value fails in the resolvers ({@link RetryConfigurationException}). No Quarkus boot: one configuration per input.
 */
class BadConfigurationMatrixTest {

    /** Where the key is written. */
    enum Scope {
        DEFAULT("quarkus.retry."),
        NAMED("quarkus.retry.payments."),
        QUOTED("quarkus.retry.\"pay.v2\"."),
        /** The keys of no policy. */
        GLOBAL("quarkus.retry.");

        final String prefix;

        Scope(String prefix) {
            this.prefix = prefix;
        }
    }

    private static final Set<Scope> POLICIES = EnumSet.of(Scope.DEFAULT, Scope.NAMED, Scope.QUOTED);
    private static final Set<Scope> NAMED_POLICIES = EnumSet.of(Scope.NAMED, Scope.QUOTED);

    /**
     * One invalid input.
     *
     * @param key the key relative to the scope's prefix
     * @param setup other keys the input needs, relative to the scope's prefix unless they start with
     *        {@code quarkus.}
     * @param enable whether the key's group is switched on for it to apply (a breaker key gets
     *        {@code circuit-breaker.enabled=true}, an own-budget key of a named policy {@code budget.shared=false})
     */
    record Input(String kind, Scope scope, String key, String value, List<String> setup, boolean enable) {

        String fullKey() {
            return scope.prefix + key;
        }

        String properties() {
            List<String> lines = new ArrayList<>();
            for (String line : setup) {
                lines.add(line.startsWith("quarkus.") ? line : scope.prefix + line);
            }
            if (enable && key.startsWith("circuit-breaker.")) {
                lines.add(scope.prefix + "circuit-breaker.enabled=true");
            }
            if (enable && scope != Scope.DEFAULT && key.startsWith("budget.") && !key.equals("budget.enabled")
                    && !key.equals("budget.shared")) {
                lines.add(scope.prefix + "budget.shared=false");
            }
            lines.add(fullKey() + "=" + value);
            return String.join("\n", lines);
        }

        @Override
        public String toString() {
            return kind + ": " + properties().replace("\n", " ");
        }
    }

    private static final List<Input> INPUTS = new ArrayList<>();

    private static void add(String kind, Set<Scope> scopes, List<String> keys, List<String> values,
            List<String> setup, boolean enable) {
        for (Scope scope : scopes) {
            for (String key : keys) {
                for (String value : values) {
                    INPUTS.add(new Input(kind, scope, key, value, setup, enable));
                }
            }
        }
    }

    private static void add(String kind, Set<Scope> scopes, List<String> keys, String... values) {
        add(kind, scopes, keys, List.of(values), List.of(), true);
    }

    static {
        List<String> integers = List.of("max-attempts", "circuit-breaker.request-volume-threshold",
                "circuit-breaker.success-threshold");
        List<String> numbers = List.of("multiplier", "jitter-factor", "budget.ratio", "budget.min-retries-per-second",
                "budget.burst-factor", "circuit-breaker.failure-ratio");
        List<String> durations = List.of("base-delay", "max-delay", "max-duration", "budget.window",
                "circuit-breaker.delay");
        List<String> booleans = List.of("honor-retry-after", "retry-non-idempotent", "budget.enabled", "budget.shared",
                "circuit-breaker.enabled", "circuit-breaker.fail-on-result", "circuit-breaker.fail-health");
        List<String> exceptionLists = List.of("retry-on", "abort-on", "circuit-breaker.fail-on",
                "circuit-breaker.skip-on");
        String test = BadConfigurationMatrixTest.class.getName();

        // wrong types: SmallRye Config's converters
        add("wrong type: not an integer", POLICIES, integers, "abc", "1.5", "2147483648", "3 attempts");
        add("wrong type: not a number", POLICIES, numbers, "abc", "1,5", "0.5.1");
        add("wrong type: not a duration", POLICIES, durations, "abc", "1x", "1 s");
        add("wrong type: not a boolean", POLICIES, booleans, "maybe", "ture", "enabled");
        add("unknown enum value", POLICIES, List.of("jitter"), "bogus", "exponential", "fulll");

        // values
        add("negative", POLICIES, List.of("max-attempts", "circuit-breaker.request-volume-threshold",
                "circuit-breaker.success-threshold"), "-1");
        add("negative", POLICIES, List.of("base-delay", "max-delay", "max-duration", "budget.window",
                "circuit-breaker.delay"), "-1s", "PT-0.001S");
        add("negative", POLICIES, List.of("multiplier", "jitter-factor", "budget.ratio",
                "budget.min-retries-per-second", "budget.burst-factor", "circuit-breaker.failure-ratio"), "-0.5");
        add("zero where meaningless", POLICIES, List.of("max-attempts", "multiplier", "budget.burst-factor",
                "circuit-breaker.request-volume-threshold", "circuit-breaker.success-threshold",
                "circuit-breaker.failure-ratio"), "0");
        add("zero where meaningless", POLICIES, List.of("max-duration", "budget.window"), "0", "0s");
        add("out of range", POLICIES, List.of("multiplier"), "0.5", "0.999");
        add("out of range", POLICIES, List.of("jitter-factor"), "1.5", "1.0001");
        add("out of range", POLICIES, List.of("budget.window"), "500ms", "999ms");
        add("out of range", POLICIES, List.of("budget.burst-factor"), "0.5");
        add("out of range", POLICIES, List.of("circuit-breaker.failure-ratio"), "1.5", "2");
        add("not finite", POLICIES, List.of("multiplier", "budget.ratio", "budget.min-retries-per-second",
                "budget.burst-factor"), "NaN", "Infinity");
        add("not finite", POLICIES, List.of("jitter-factor", "circuit-breaker.failure-ratio"), "NaN");
        add("not an HTTP status", POLICIES, List.of("retry-on-status", "abort-on-status"), "6xx", "99", "600",
                "504-500", "abc", "503,5xy");

        // classes
        add("unresolvable class", POLICIES, exceptionLists, "com.acme.NoSuchException",
                "java.io.IOException,com.acme.Missing");
        add("unresolvable class", POLICIES, List.of("retry-on-result"), "com.acme.NoSuchPredicate");
        add("class of the wrong type", POLICIES, exceptionLists, "java.lang.String", "java.lang.Object");
        add("class of the wrong type", POLICIES, List.of("retry-on-result"), "java.lang.String",
                "java.lang.Exception");
        add("result predicate that cannot be made", POLICIES, List.of("retry-on-result"),
                "java.util.function.Predicate", test + "$AbstractPredicate", test + "$NoDefaultConstructor",
                test + "$ThrowingConstructor");

        // cross-key conflicts and rules
        add("cross-key conflict: max-delay below base-delay", POLICIES, List.of("max-delay"), List.of("1s"),
                List.of("base-delay=10s"), true);
        add("cross-key conflict: base-delay above the inherited max-delay", POLICIES, List.of("base-delay"),
                List.of("60s"), List.of(), true);
        add("cross-key conflict: max-delay below the default policy's base-delay", NAMED_POLICIES,
                List.of("max-delay"), List.of("1s"), List.of("quarkus.retry.base-delay=5s"), true);
        add("rule: budget.shared on the default policy", EnumSet.of(Scope.DEFAULT), List.of("budget.shared"),
                "true", "false");
        add("rule: own budget key while spending from the shared budget", NAMED_POLICIES,
                List.of("budget.ratio", "budget.min-retries-per-second", "budget.window", "budget.burst-factor"),
                List.of("0.5"), List.of("budget.shared=true"), false);
        add("rule: own budget key while spending from the shared budget", NAMED_POLICIES,
                List.of("budget.window"), List.of("20s"), List.of(), false);

        // a group that is off still has its values checked: they apply as soon as it is on
        add("invalid value under a disabled breaker", POLICIES, List.of("circuit-breaker.failure-ratio"),
                List.of("2"), List.of("circuit-breaker.enabled=false"), false);
        add("invalid value under a disabled breaker", POLICIES, List.of("circuit-breaker.request-volume-threshold",
                "circuit-breaker.success-threshold"), List.of("0"), List.of("circuit-breaker.enabled=false"), false);
        add("invalid value under a disabled breaker", POLICIES, List.of("circuit-breaker.delay"), List.of("-1s"),
                List.of(), false);
        add("invalid value under a disabled breaker", POLICIES, List.of("circuit-breaker.fail-on",
                "circuit-breaker.skip-on"), List.of("com.acme.Missing", "java.lang.String"), List.of(), false);
        add("invalid value under a disabled budget", EnumSet.of(Scope.DEFAULT), List.of("budget.ratio",
                "budget.min-retries-per-second"), List.of("-1"), List.of("budget.enabled=false"), false);
        add("invalid value under a disabled budget", EnumSet.of(Scope.DEFAULT), List.of("budget.window"),
                List.of("10ms"), List.of("budget.enabled=false"), false);
        add("invalid value under a disabled budget", EnumSet.of(Scope.DEFAULT), List.of("budget.burst-factor"),
                List.of("0.5"), List.of("budget.enabled=false"), false);
        add("invalid value under a disabled budget", NAMED_POLICIES, List.of("budget.ratio",
                "budget.min-retries-per-second"), List.of("-1"), List.of("budget.enabled=false", "budget.shared=false"),
                false);
        add("invalid value under a disabled budget", NAMED_POLICIES, List.of("budget.window"), List.of("10ms"),
                List.of("budget.enabled=false", "budget.shared=false"), false);

        // the keys of no policy
        add("wrong type: not a boolean", EnumSet.of(Scope.GLOBAL), List.of("enabled", "propagation.enabled",
                "propagation.mark-responses", "propagation.honor-responses", "metrics.enabled", "metrics.tags.method",
                "metrics.tags.error-type", "tracing.enabled", "tracing.span"), "maybe", "ture");
        add("not an HTTP header name", EnumSet.of(Scope.GLOBAL), List.of("propagation.header-name"),
                "Retry Exhausted", "Retry:Exhausted", "Retry-Exhausted\u00e9");
    }

    static Stream<Input> inputs() {
        return INPUTS.stream();
    }

    private static final AtomicInteger TRIED = new AtomicInteger();
    private static final AtomicInteger REJECTED = new AtomicInteger();
    private static final Map<String, AtomicInteger> BY_KIND = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> BY_STAGE = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void failsTheStartNamingTheKeyAndTheValue(Input input) {
        TRIED.incrementAndGet();
        String message;
        String stage;
        try {
            Resolved resolved = TestConfig.resolve(input.properties());
            assertThat(resolved.problems()).as("%s is accepted", input).isNotEmpty();
            // what the recorder throws, so what the user reads
            message = new RetryConfigurationException(resolved.problems()).getMessage();
            stage = "the resolvers";
        } catch (ConfigValidationException e) {
            message = e.getMessage();
            stage = "SmallRye Config's converters";
        }
        String key = input.fullKey();
        String value = input.value();
        assertThat(message).as(input.toString()).containsAnyOf(
                key + "=" + value + ":", // the resolvers: key=value: why
                key + " (" + value + ")", // the other key of a cross-key conflict
                "The config property " + key + " with the config value \"" + value + "\""); // a converter
        REJECTED.incrementAndGet();
        BY_KIND.computeIfAbsent(input.kind(), k -> new AtomicInteger()).incrementAndGet();
        BY_STAGE.computeIfAbsent(stage, k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterAll
    static void summary() {
        System.out.println(TRIED.get() + " invalid inputs tried, " + REJECTED.get() + " rejected with the key named");
        System.out.println("kinds (" + BY_KIND.size() + "):");
        new TreeMap<>(BY_KIND).forEach((kind, count) -> System.out.println("  " + kind + ": " + count));
        System.out.println("rejected by:");
        new TreeMap<>(BY_STAGE).forEach((stage, count) -> System.out.println("  " + stage + ": " + count));
        assertThat(REJECTED.get()).isEqualTo(TRIED.get());
    }

    // --- retry-on-result classes that are predicates but cannot be made -------------------------------------------

    public abstract static class AbstractPredicate implements Predicate<Object> {
    }

    public static class NoDefaultConstructor implements Predicate<Object> {
        public NoDefaultConstructor(String ignored) {
        }

        @Override
        public boolean test(Object result) {
            return false;
        }
    }

    public static class ThrowingConstructor implements Predicate<Object> {
        public ThrowingConstructor() {
            throw new IllegalStateException("no");
        }

        @Override
        public boolean test(Object result) {
            return false;
        }
    }
}
