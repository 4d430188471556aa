package io.quarkiverse.retry.test.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.deployment.RetryDefinitionException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Multi;

/**
 * Every misplaced annotation is reported in one failed build, each naming its Class#method.
 */
class UnsupportedDefinitionsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Bad.class, BadClassLevel.class))
            .assertException(t -> {
                List<Throwable> all = new ArrayList<>();
                all.add(t);
                for (Throwable s : t.getSuppressed()) {
                    all.add(s);
                }
                String text = String.join("\n", all.stream().map(String::valueOf).toList());
                assertThat(text).contains(Bad.class.getName() + "#privateMethod", "private");
                assertThat(text).contains(Bad.class.getName() + "#staticMethod", "static");
                assertThat(text).contains(Bad.class.getName() + "#stream", "io.smallrye.mutiny.Multi");
                assertThat(text).contains(BadClassLevel.class.getName() + "#items");
                assertThat(all).anySatisfy(e -> assertThat(e).isInstanceOf(RetryDefinitionException.class));
            });

    @Test
    void buildFails() {
        // the assertion is in assertException
    }

    @ApplicationScoped
    public static class Bad {
        @WithRetry
        private void privateMethod() {
        }

        @WithRetry
        public static void staticMethod() {
        }

        @WithRetry
        public Multi<String> stream() {
            return Multi.createFrom().items("a");
        }

        public void usePrivate() {
            privateMethod();
        }
    }

    @ApplicationScoped
    @WithRetry
    public static class BadClassLevel {
        public Multi<String> items() {
            return Multi.createFrom().items("a");
        }

        private void helper() {
            // private methods under a class-level annotation are simply not intercepted
        }
    }
}
