package io.quarkiverse.retry.test.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class NamedPolicyMaxDelayBelowInheritedBaseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = InvalidConfig.expectStartFailure("quarkus.retry.base-delay=5s\nquarkus.retry.fast.max-delay=1s\n", "quarkus.retry.fast.max-delay=1s", "quarkus.retry.base-delay (5s)");

    @Test
    void startFailsNamingTheKeyAndValue() {
        // asserted by InvalidConfig through QuarkusUnitTest#assertException
    }
}
