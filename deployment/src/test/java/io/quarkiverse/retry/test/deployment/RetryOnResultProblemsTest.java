package io.quarkiverse.retry.test.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Bad {@code retry-on-result} classes fail the start, each naming the full key and the value: a class that does not
 * exist, one that is not a {@code Predicate}, and one without a no-argument constructor.
 */
class RetryOnResultProblemsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, NoDefaultConstructor.class)
                    .addAsResource(
                            new StringAsset(
                                    """
                                            quarkus.retry.retry-on-result=com.acme.MissingPredicate
                                            quarkus.retry."jobs".retry-on-result=java.lang.String
                                            quarkus.retry.polls.retry-on-result=io.quarkiverse.retry.test.deployment.RetryOnResultProblemsTest$NoDefaultConstructor
                                            """),
                            "application.properties"))
            .assertException(t -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable c = t; c != null; c = c.getCause()) {
                    messages.append(c.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains(
                        "quarkus.retry.retry-on-result=com.acme.MissingPredicate: names class com.acme.MissingPredicate,"
                                + " which cannot be loaded",
                        "quarkus.retry.\"jobs\".retry-on-result=java.lang.String: names class java.lang.String, which"
                                + " does not implement java.util.function.Predicate<Object>",
                        "quarkus.retry.polls.retry-on-result=" + NoDefaultConstructor.class.getName() + ": names class "
                                + NoDefaultConstructor.class.getName()
                                + ", which is not a CDI bean and has no no-argument constructor");
            });

    @Test
    void startFailsNamingEachKeyAndValue() {
        // asserted through QuarkusUnitTest#assertException
    }

    public static class NoDefaultConstructor implements Predicate<Object> {
        public NoDefaultConstructor(String ignored) {
        }

        @Override
        public boolean test(Object o) {
            return false;
        }
    }

    @ApplicationScoped
    public static class Service {
        @WithRetry("jobs")
        public String call() {
            return "x";
        }
    }
}
