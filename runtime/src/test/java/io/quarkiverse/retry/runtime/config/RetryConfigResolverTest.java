package io.quarkiverse.retry.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkiverse.retry.runtime.config.TestConfig.Resolved;
import io.quarkiverse.retry.runtime.core.RetryPolicy;

/**
 * The resolver on its own: every invalid value is reported with its full key (as written) and its value, all problems
 * at once, and named policies fall back to the default policy key by key. No Quarkus boot.
 */
class RetryConfigResolverTest {

    static Stream<Arguments> invalidConfigurations() {
        return Stream.of(
                Arguments.of("quarkus.retry.max-attempts=0", 1,
                        new String[] { "quarkus.retry.max-attempts=0", "at least 1" }),
                Arguments.of("quarkus.retry.base-delay=-1s", 1,
                        new String[] { "quarkus.retry.base-delay=-1s", "negative" }),
                Arguments.of("quarkus.retry.base-delay=2s\nquarkus.retry.max-delay=1s", 1,
                        new String[] { "quarkus.retry.max-delay=1s", "quarkus.retry.base-delay" }),
                Arguments.of("quarkus.retry.base-delay=5s\nquarkus.retry.fast.max-delay=1s", 1,
                        new String[] { "quarkus.retry.fast.max-delay=1s", "quarkus.retry.base-delay (5s)" }),
                Arguments.of("quarkus.retry.multiplier=0.5", 1,
                        new String[] { "quarkus.retry.multiplier=0.5", "greater than or equal to 1" }),
                Arguments.of("quarkus.retry.jitter-factor=1.5", 1,
                        new String[] { "quarkus.retry.jitter-factor=1.5", "between 0 and 1" }),
                Arguments.of("quarkus.retry.max-duration=0s", 1,
                        new String[] { "quarkus.retry.max-duration=0s", "positive" }),
                Arguments.of("quarkus.retry.retry-on=com.acme.NoSuchException", 1,
                        new String[] { "quarkus.retry.retry-on=com.acme.NoSuchException", "cannot be loaded" }),
                Arguments.of("quarkus.retry.abort-on=java.lang.String", 1,
                        new String[] { "quarkus.retry.abort-on=java.lang.String", "not a java.lang.Throwable" }),
                Arguments.of("quarkus.retry.backend.max-attempts=-2\nquarkus.retry.\"quoted\".multiplier=0", 2,
                        new String[] { "quarkus.retry.backend.max-attempts=-2", "quarkus.retry.\"quoted\".multiplier=0" }),
                Arguments.of("quarkus.retry.budget.ratio=-0.5\nquarkus.retry.budget.window=500ms\n"
                        + "quarkus.retry.budget.burst-factor=0.5", 3,
                        new String[] { "quarkus.retry.budget.ratio=-0.5", "quarkus.retry.budget.window=500ms",
                                "quarkus.retry.budget.burst-factor=0.5" }),
                Arguments.of("quarkus.retry.budget.shared=false\nquarkus.retry.api.budget.ratio=0.1", 2,
                        new String[] { "quarkus.retry.budget.shared=false", "quarkus.retry.api.budget.ratio=0.1",
                                "quarkus.retry.api.budget.shared" }),
                Arguments.of("quarkus.retry.retry-on-status=503,6xx\nquarkus.retry.\"x\".abort-on-status=abc", 2,
                        new String[] { "quarkus.retry.retry-on-status=503,6xx: names status 6xx",
                                "quarkus.retry.\"x\".abort-on-status=abc: names status abc" }),
                Arguments.of("quarkus.retry.api.circuit-breaker.enabled=true\n"
                        + "quarkus.retry.api.circuit-breaker.failure-ratio=0\n"
                        + "quarkus.retry.api.circuit-breaker.request-volume-threshold=0\n"
                        + "quarkus.retry.api.circuit-breaker.success-threshold=0", 3,
                        new String[] { "quarkus.retry.api.circuit-breaker.failure-ratio=0",
                                "quarkus.retry.api.circuit-breaker.request-volume-threshold=0",
                                "quarkus.retry.api.circuit-breaker.success-threshold=0" }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigurations")
    void everyProblemNamesTheKeyAndTheValue(String properties, int problems, String[] fragments) {
        Resolved resolved = TestConfig.resolve(properties);
        assertThat(resolved.message()).contains(fragments);
        assertThat(resolved.problems()).hasSize(problems);
    }

    @Test
    void manyBadKeysAreAllReportedOnce() {
        Resolved resolved = TestConfig.resolve("""
                quarkus.retry.max-attempts=0
                quarkus.retry.base-delay=-1s
                quarkus.retry.multiplier=0.5
                quarkus.retry.jitter-factor=2
                quarkus.retry.max-duration=-1s
                quarkus.retry.retry-on=com.acme.Missing,java.lang.String
                quarkus.retry.budget.ratio=-1
                quarkus.retry.budget.window=1ms
                quarkus.retry."a".max-attempts=-1
                quarkus.retry."a".abort-on=java.lang.Object
                quarkus.retry.b.circuit-breaker.enabled=true
                quarkus.retry.b.circuit-breaker.delay=-1s
                quarkus.retry.b.circuit-breaker.fail-on=com.acme.Nothing
                """);
        // a problem is reported once, not once per named policy that inherits the value or uses the shared budget
        assertThat(resolved.problems()).hasSize(13);
        assertThat(resolved.problems()).filteredOn(p -> p.startsWith("quarkus.retry.base-delay=")).hasSize(1);
        assertThat(resolved.problems()).filteredOn(p -> p.startsWith("quarkus.retry.budget.")).hasSize(2);
        assertThat(resolved.policies()).isEmpty();
    }

    @Test
    void emptyConfigurationResolvesTheDefaultPolicyOnly() {
        Resolved resolved = TestConfig.resolve("");
        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.policies()).containsOnlyKeys("");
        ResolvedPolicy defaults = resolved.policy("");
        assertThat(defaults.budget()).as("the shared budget is on by default").isNotNull();
        assertThat(defaults.budget().name()).isEqualTo("shared");
        assertThat(defaults.breaker()).as("breakers are opt-in").isNull();
    }

    @Test
    void budgetAndBreakerKeysAreNotPolicyNames() {
        Resolved resolved = TestConfig.resolve("""
                quarkus.retry.budget.ratio=0.1
                quarkus.retry.circuit-breaker.delay=2s
                quarkus.retry.payments.max-attempts=2
                quarkus.retry.metrics.enabled=true
                quarkus.retry.metrics.tags.method=false
                quarkus.retry.tracing.span=true
                quarkus.retry.health.group=wellness
                """);
        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.policies()).containsOnlyKeys("", "payments");
    }

    @Test
    void namedPoliciesFallBackToTheDefaultPolicyKeyByKey() {
        Resolved resolved = TestConfig.resolve("""
                quarkus.retry.max-attempts=4
                quarkus.retry.base-delay=200ms
                quarkus.retry.max-delay=5s
                quarkus.retry.abort-on=java.lang.IllegalArgumentException
                quarkus.retry."payments".max-attempts=2
                quarkus.retry."payments".retry-on=java.io.IOException
                """);
        assertThat(resolved.problems()).isEmpty();
        RetryPolicy payments = resolved.policy("payments").policy();
        assertThat(payments.name()).isEqualTo("payments");
        assertThat(payments.maxAttempts()).isEqualTo(2);
        assertThat(payments.backoff().baseNanos()).as("inherited").isEqualTo(200_000_000L);
        assertThat(payments.backoff().maxNanos()).as("inherited").isEqualTo(5_000_000_000L);
        assertThat(payments.isRetryable(new IOException())).isTrue();
        assertThat(payments.isRetryable(new IllegalStateException())).as("own retry-on").isFalse();
        assertThat(resolved.policy("").policy().isRetryable(new IllegalArgumentException()))
                .as("default policy's abort-on").isFalse();
    }

    @Test
    void aNamedPolicyCanHaveABudgetOfItsOwnOrNone() {
        Resolved resolved = TestConfig.resolve("""
                quarkus.retry.budget.ratio=0.3
                quarkus.retry.shared-one.max-attempts=2
                quarkus.retry.own.budget.shared=false
                quarkus.retry.own.budget.min-retries-per-second=1
                quarkus.retry.none.budget.enabled=false
                """);
        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.policy("shared-one").budget()).isSameAs(resolved.policy("").budget());
        assertThat(resolved.policy("own").budget()).isNotSameAs(resolved.policy("").budget());
        assertThat(resolved.policy("own").budget().ratio()).as("falls back to the shared budget's").isEqualTo(0.3);
        assertThat(resolved.policy("own").budget().minRetriesPerSecond()).isEqualTo(1.0);
        assertThat(resolved.policy("own").budget().name()).isEqualTo("of policy own");
        assertThat(resolved.policy("none").budget()).isNull();
    }

    @Test
    void breakersAreInheritedEachPolicyGettingItsOwn() {
        Resolved resolved = TestConfig.resolve("""
                quarkus.retry.circuit-breaker.enabled=true
                quarkus.retry.circuit-breaker.request-volume-threshold=10
                quarkus.retry.api.circuit-breaker.delay=2s
                quarkus.retry.api.circuit-breaker.skip-on=java.lang.IllegalStateException
                """);
        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.policy("api").breaker()).isNotSameAs(resolved.policy("").breaker());
        assertThat(resolved.policy("api").breaker().requestVolumeThreshold()).isEqualTo(10);
        assertThat(resolved.policy("api").breaker().delayNanos()).isEqualTo(2_000_000_000L);
        assertThat(resolved.policy("api").breakerFailures().matches(new IllegalStateException())).isFalse();
        assertThat(resolved.policy("api").breakerFailures().matches(new IOException()))
                .as("fail-on defaults to the policy's retry-on").isTrue();
        assertThat(resolved.policy("").breakerFailures()).as("the retryable failures count").isNull();
    }

    @Test
    void keysAreQuotedAsTheUserWroteThem() {
        assertThat(TestConfig.resolve("quarkus.retry.\"a.b\".max-attempts=0").message())
                .contains("quarkus.retry.\"a.b\".max-attempts=0");
        assertThat(TestConfig.resolve("quarkus.retry.plain.max-attempts=0").message())
                .contains("quarkus.retry.plain.max-attempts=0");
        assertThat(TestConfig.resolve("quarkus.retry.\"quoted\".max-attempts=0").message())
                .contains("quarkus.retry.\"quoted\".max-attempts=0");
    }

    @Test
    void valuesAreQuotedAsWritten() {
        assertThat(TestConfig.resolve("quarkus.retry.base-delay=PT-1S").message())
                .contains("quarkus.retry.base-delay=PT-1S");
        assertThat(TestConfig.resolve("quarkus.retry.retry-on= com.acme.Missing ").message())
                .contains("names class com.acme.Missing");
    }

    @Test
    void httpKeysFallBackToTheDefaultPolicy() {
        Resolved resolved = TestConfig.resolve("""
                quarkus.retry.retry-on-status=5xx
                quarkus.retry.honor-retry-after=false
                quarkus.retry.api.abort-on-status=501
                quarkus.retry.api.retry-non-idempotent=true
                """);
        assertThat(resolved.problems()).isEmpty();
        var defaults = resolved.policy("").policy().failures().http();
        assertThat(defaults.retryOnStatus().contains(503)).isTrue();
        assertThat(defaults.retryOnStatus().contains(429)).isFalse();
        assertThat(defaults.honorRetryAfter()).isFalse();
        assertThat(defaults.retryNonIdempotent()).isFalse();
        var api = resolved.policy("api").policy().failures().http();
        assertThat(api.retryOnStatus().contains(599)).as("inherited").isTrue();
        assertThat(api.abortOnStatus().contains(501)).isTrue();
        assertThat(api.honorRetryAfter()).as("inherited").isFalse();
        assertThat(api.retryNonIdempotent()).isTrue();
        var none = TestConfig.resolve("").policy("").policy().failures().http();
        assertThat(none.retryOnStatus().toString()).isEqualTo("408,425,429,500,502,503,504");
        assertThat(none.abortOnStatus().isEmpty()).isTrue();
        assertThat(none.honorRetryAfter()).isTrue();
        assertThat(none.httpRetryOn()).isNull();
    }

    @Test
    void httpExceptionTypesInRetryOnWinOverStatusRules() {
        var http = TestConfig.resolve("quarkus.retry.retry-on=jakarta.ws.rs.NotFoundException,java.io.IOException")
                .policy("").policy().failures().http();
        // only the HTTP exception type (a WebApplicationException) is an HTTP class rule; FailureRulesTest covers
        // how it wins (Jakarta REST exceptions cannot be created here without a Jakarta REST implementation)
        assertThat(http.httpRetryOn()).isNotNull();
        assertThat(http.httpRetryOn().matches(new IOException())).isFalse();
    }
}
