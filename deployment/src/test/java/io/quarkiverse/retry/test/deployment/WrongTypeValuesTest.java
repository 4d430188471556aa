package io.quarkiverse.retry.test.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Values of the wrong type never reach the resolvers: Quarkus' configuration fails the start first, and its message
 * names every such key, as written (a quoted policy name included), with its value.
 */
class WrongTypeValuesTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=abc
                            quarkus.retry."payments".base-delay=soon
                            quarkus.retry.jitter=random
                            quarkus.retry.api.budget.ratio=half
                            quarkus.retry.api.circuit-breaker.request-volume-threshold=1.5
                            """), "application.properties"))
            .assertException(t -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable c = t; c != null; c = c.getCause()) {
                    messages.append(c.getMessage()).append('\n');
                }
                String text = messages.toString();
                assertThat(text).contains(
                        "quarkus.retry.max-attempts with the config value \"abc\"",
                        "quarkus.retry.\"payments\".base-delay with the config value \"soon\"",
                        "quarkus.retry.jitter with the config value \"random\"",
                        "quarkus.retry.api.budget.ratio with the config value \"half\"",
                        "quarkus.retry.api.circuit-breaker.request-volume-threshold with the config value \"1.5\"");
            });

    @Test
    void startFails() {
        fail("the start must fail");
    }

    @ApplicationScoped
    public static class Service {
        @WithRetry("payments")
        public void pay() {
        }

        @WithRetry("api")
        public void call() {
        }
    }
}
