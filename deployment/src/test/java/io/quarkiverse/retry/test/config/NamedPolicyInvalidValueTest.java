package io.quarkiverse.retry.test.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class NamedPolicyInvalidValueTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = InvalidConfig.expectStartFailure("quarkus.retry.backend.max-attempts=-2\nquarkus.retry.\"quoted\".multiplier=0\n", "quarkus.retry.backend.max-attempts=-2", "quarkus.retry.\"quoted\".multiplier=0");

    @Test
    void startFailsNamingTheKeyAndValue() {
        // asserted by InvalidConfig through QuarkusUnitTest#assertException
    }
}
