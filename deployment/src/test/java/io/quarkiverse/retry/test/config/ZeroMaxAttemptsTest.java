package io.quarkiverse.retry.test.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class ZeroMaxAttemptsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = InvalidConfig.expectStartFailure("quarkus.retry.max-attempts=0\n", "quarkus.retry.max-attempts=0", "at least 1");

    @Test
    void startFailsNamingTheKeyAndValue() {
        // asserted by InvalidConfig through QuarkusUnitTest#assertException
    }
}
