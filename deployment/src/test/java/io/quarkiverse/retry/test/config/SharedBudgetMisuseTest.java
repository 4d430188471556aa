package io.quarkiverse.retry.test.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class SharedBudgetMisuseTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = InvalidConfig.expectStartFailure("quarkus.retry.budget.shared=false\nquarkus.retry.api.budget.ratio=0.1\n", "quarkus.retry.budget.shared=false", "quarkus.retry.api.budget.ratio=0.1", "quarkus.retry.api.budget.shared");

    @Test
    void startFailsNamingTheKeyAndValue() {
        // asserted by InvalidConfig through QuarkusUnitTest#assertException
    }
}
