package io.quarkiverse.retry.test.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code @WithRetry} and MicroProfile {@code @Retry} on one method (or one class) nest: the build warns, naming the
 * method and the multiplied attempt count.
 */
class DoubleRetryWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Both.class, BothOnTheClass.class)
                    .addAsResource(new StringAsset("quarkus.retry.max-attempts=3\n"), "application.properties"))
            .setLogRecordPredicate(r -> r.getLevel().intValue() == Level.WARNING.intValue()
                    && r.getMessage() != null && r.getMessage().contains("MicroProfile @Retry"))
            .assertLogRecords(records -> assertThat(records)
                    .extracting(r -> ((ExtLogRecord) r).getFormattedMessage())
                    .anySatisfy(m -> assertThat(m).startsWith(Both.class.getName() + "#call has both @WithRetry (3"
                            + " attempts").contains("maxRetries 3, 4 attempts", "up to 3 × 4 = 12 calls"))
                    .anySatisfy(m -> assertThat(m).startsWith(BothOnTheClass.class.getName() + "#call has both")
                            .contains("maxRetries 1, 2 attempts", "3 × 2 = 6"))
                    .noneSatisfy(m -> assertThat(m).contains("#alone")));

    @Test
    void theBuildWarns() {
        // asserted on the build's log records
    }

    @ApplicationScoped
    public static class Both {
        @WithRetry
        @Retry
        public void call() {
        }

        @WithRetry
        public void alone() {
        }
    }

    @ApplicationScoped
    @WithRetry
    @Retry(maxRetries = 1)
    public static class BothOnTheClass {
        public void call() {
        }
    }
}
