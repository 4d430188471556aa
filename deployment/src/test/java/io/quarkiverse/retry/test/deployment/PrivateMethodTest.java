package io.quarkiverse.retry.test.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/** A single misplaced annotation: the build fails with a DeploymentException naming Class#method. */
class PrivateMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Bean.class))
            .assertException(t -> {
                Throwable deployment = t;
                while (deployment != null && !(deployment instanceof DeploymentException)) {
                    deployment = deployment.getCause();
                }
                assertThat(deployment).as("a DeploymentException in the cause chain of %s", t).isNotNull();
                assertThat(deployment).hasMessageContaining(Bean.class.getName() + "#hidden")
                        .hasMessageContaining("private");
            });

    @Test
    void buildFails() {
        // asserted through QuarkusUnitTest#assertException
    }

    @ApplicationScoped
    public static class Bean {
        @WithRetry
        private String hidden() {
            return "never intercepted";
        }

        public String call() {
            return hidden();
        }
    }
}
