package io.quarkiverse.retry.test.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.shrinkwrap.api.asset.StringAsset;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/** A QuarkusUnitTest whose start must fail with a message containing every expected fragment. */
final class InvalidConfig {

    static QuarkusUnitTest expectStartFailure(String properties, String... expectedFragments) {
        return new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(InvalidConfig.class, Service.class)
                        .addAsResource(new StringAsset(properties), "application.properties"))
                .assertException(t -> {
                    Throwable root = t;
                    StringBuilder messages = new StringBuilder();
                    while (root != null) {
                        messages.append(root.getMessage()).append('\n');
                        root = root.getCause();
                    }
                    assertThat(messages.toString()).contains(expectedFragments);
                });
    }

    @ApplicationScoped
    public static class Service {
        @WithRetry
        public void call() {
        }
    }

    private InvalidConfig() {
    }
}
