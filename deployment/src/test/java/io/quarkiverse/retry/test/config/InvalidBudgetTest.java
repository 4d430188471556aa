package io.quarkiverse.retry.test.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class InvalidBudgetTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = InvalidConfig.expectStartFailure("quarkus.retry.budget.ratio=-0.5\nquarkus.retry.budget.window=500ms\nquarkus.retry.budget.burst-factor=0.5\n", "quarkus.retry.budget.ratio=-0.5", "quarkus.retry.budget.window=500ms", "quarkus.retry.budget.burst-factor=0.5");

    @Test
    void startFailsNamingTheKeyAndValue() {
        // asserted by InvalidConfig through QuarkusUnitTest#assertException
    }
}
