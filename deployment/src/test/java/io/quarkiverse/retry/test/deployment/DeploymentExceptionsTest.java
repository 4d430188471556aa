package io.quarkiverse.retry.test.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkiverse.retry.deployment.PrivateRetryMethodException;
import io.quarkiverse.retry.deployment.RetryDefinitionException;
import io.quarkiverse.retry.deployment.StaticRetryMethodException;
import io.quarkiverse.retry.deployment.UnsupportedReturnTypeException;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Multi;

/**
 * Every misplaced {@code @WithRetry} of an application is reported in one failed build: one exception per mistake,
 * of one type per kind of mistake, each naming its method. Counted exactly.
 */
class DeploymentExceptionsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Mistakes.class, ClassLevelMistakes.class, Items.class))
            .assertException(t -> {
                assertThat(t).isInstanceOf(DeploymentException.class);
                List<Throwable> problems = Arrays.asList(t.getSuppressed());
                assertThat(problems).hasSize(8);
                assertThat(problems).allSatisfy(p -> assertThat(p).isInstanceOf(RetryDefinitionException.class));
                assertThat(methods(problems, PrivateRetryMethodException.class))
                        .containsExactlyInAnyOrder(Mistakes.class.getName() + "#privateMethod",
                                Mistakes.class.getName() + "#privateToo");
                assertThat(methods(problems, StaticRetryMethodException.class))
                        .containsExactly(Mistakes.class.getName() + "#staticMethod");
                assertThat(methods(problems, UnsupportedReturnTypeException.class)).containsExactlyInAnyOrder(
                        Mistakes.class.getName() + "#multi",
                        Mistakes.class.getName() + "#publisher",
                        Mistakes.class.getName() + "#stream",
                        ClassLevelMistakes.class.getName() + "#items",
                        // an interface default method under a class-level annotation is validated like any other
                        ClassLevelMistakes.class.getName() + "#moreItems");
            });

    private static List<String> methods(List<Throwable> problems, Class<? extends RetryDefinitionException> kind) {
        return problems.stream().filter(kind::isInstance).map(p -> ((RetryDefinitionException) p).getMethod()).toList();
    }

    @Test
    void buildFails() {
        fail("the build must fail");
    }

    @ApplicationScoped
    public static class Mistakes {
        @WithRetry
        private void privateMethod() {
        }

        @WithRetry
        private String privateToo() {
            return "never intercepted";
        }

        @WithRetry
        public static void staticMethod() {
        }

        @WithRetry
        public Multi<String> multi() {
            return Multi.createFrom().items("a");
        }

        @WithRetry
        public Flow.Publisher<String> publisher() {
            return Multi.createFrom().items("a");
        }

        @WithRetry
        public Stream<String> stream() {
            return Stream.of("a");
        }

        public String usePrivate() {
            privateMethod();
            return privateToo();
        }
    }

    public interface Items {
        default Multi<String> moreItems() {
            return Multi.createFrom().items("b");
        }
    }

    @ApplicationScoped
    @WithRetry
    public static class ClassLevelMistakes implements Items {
        public Multi<String> items() {
            return Multi.createFrom().items("a");
        }

        public String fine() {
            return "retried synchronously";
        }
    }
}
