package io.quarkiverse.retry.test.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

class UnknownPolicyNameTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.backend.max-attempts=5
                            quarkus.retry."payments".max-attempts=2
                            """), "application.properties"))
            .assertException(t -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable c = t; c != null; c = c.getCause()) {
                    messages.append(c.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains(Service.class.getName() + "#call", "\"bakend\"",
                        "[backend, payments]");
            });

    @Test
    void startFailsNamingMethodUnknownNameAndConfiguredNames() {
        // asserted through QuarkusUnitTest#assertException
    }

    @ApplicationScoped
    public static class Service {
        @WithRetry("bakend")
        public void call() {
        }
    }
}
