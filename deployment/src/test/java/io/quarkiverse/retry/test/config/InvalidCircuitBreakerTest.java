package io.quarkiverse.retry.test.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidCircuitBreakerTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = InvalidConfig.expectStartFailure("quarkus.retry.api.circuit-breaker.enabled=true\nquarkus.retry.api.circuit-breaker.failure-ratio=0\nquarkus.retry.api.circuit-breaker.request-volume-threshold=0\nquarkus.retry.api.circuit-breaker.success-threshold=0\n", "quarkus.retry.api.circuit-breaker.failure-ratio=0", "quarkus.retry.api.circuit-breaker.request-volume-threshold=0", "quarkus.retry.api.circuit-breaker.success-threshold=0");

    @Test
    void startFailsNamingTheKeyAndValue() {
        // asserted by InvalidConfig through QuarkusUnitTest#assertException
    }
}
