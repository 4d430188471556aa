package io.quarkiverse.retry.test.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Many bad keys at once, and a method naming a policy that does not exist: one failed start reports every problem,
 * each once, each naming its key and value (or the method). Counted exactly.
 */
class ConfigProblemsTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.max-attempts=0
                            quarkus.retry.base-delay=2s
                            quarkus.retry.max-delay=1s
                            quarkus.retry.multiplier=0.5
                            quarkus.retry.jitter-factor=-1
                            quarkus.retry.max-duration=0s
                            quarkus.retry.abort-on=java.lang.String
                            quarkus.retry.budget.shared=true
                            quarkus.retry.budget.window=10ms
                            quarkus.retry."payments".retry-on=com.acme.Missing
                            quarkus.retry."payments".budget.ratio=0.5
                            quarkus.retry.api.circuit-breaker.enabled=true
                            quarkus.retry.api.circuit-breaker.failure-ratio=2
                            quarkus.retry.honor-retry-after=ture
                            """), "application.properties"))
            .assertException(t -> {
                StringBuilder messages = new StringBuilder();
                for (Throwable c = t; c != null; c = c.getCause()) {
                    messages.append(c.getMessage()).append('\n');
                }
                String text = messages.toString();
                Matcher count = Pattern.compile("Invalid retry configuration \\((\\d+) problems\\)").matcher(text);
                assertThat(count.find()).as(text).isTrue();
                assertThat(Integer.parseInt(count.group(1))).as(text).isEqualTo(13);
                assertThat(text).contains(
                        "quarkus.retry.max-attempts=0",
                        "quarkus.retry.max-delay=1s",
                        "quarkus.retry.multiplier=0.5",
                        "quarkus.retry.jitter-factor=-1",
                        "quarkus.retry.max-duration=0s",
                        "quarkus.retry.abort-on=java.lang.String",
                        "quarkus.retry.budget.shared=true",
                        "quarkus.retry.budget.window=10ms",
                        "quarkus.retry.\"payments\".retry-on=com.acme.Missing",
                        "quarkus.retry.\"payments\".budget.ratio=0.5",
                        "quarkus.retry.api.circuit-breaker.failure-ratio=2",
                        "quarkus.retry.honor-retry-after=ture: must be true or false",
                        Service.class.getName() + "#call", "\"missing\"");
            });

    @Test
    void startFails() {
        fail("the start must fail");
    }

    @ApplicationScoped
    public static class Service {
        @WithRetry("missing")
        public void call() {
        }

        @WithRetry("payments")
        public void pay() {
        }
    }
}
