package io.quarkiverse.retry.test.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class JitterFactorOutOfRangeTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = InvalidConfig.expectStartFailure("quarkus.retry.jitter-factor=1.5\n", "quarkus.retry.jitter-factor=1.5", "between 0 and 1");

    @Test
    void startFailsNamingTheKeyAndValue() {
        // asserted by InvalidConfig through QuarkusUnitTest#assertException
    }
}
