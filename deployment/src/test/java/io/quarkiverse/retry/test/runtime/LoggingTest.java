package io.quarkiverse.retry.test.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.retry.WithRetry;
import io.quarkus.test.QuarkusUnitTest;

class LoggingTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Service.class, LogCapture.class)
                    .addAsResource(new StringAsset("""
                            quarkus.retry.base-delay=10ms
                            quarkus.retry.jitter=none
                            quarkus.retry.abort-on=java.lang.UnsupportedOperationException
                            """), "application.properties"));

    @Inject
    Service service;

    @Test
    void retriesLogWarnThenErrorAndNonRetryableFailuresLogNoError() {
        service.reset();
        List<LogRecord> records;
        try (LogCapture capture = new LogCapture()) {
            records = capture.records;
            assertThatThrownBy(service::retryable).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(service::notRetryable).isInstanceOf(UnsupportedOperationException.class);
        }
        check(records);
    }

    static void check(List<LogRecord> records) {
        String method = Service.class.getName() + "#retryable";
        List<LogRecord> warnings = records.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue()).toList();
        List<LogRecord> errors = records.stream().filter(r -> r.getLevel().intValue() == Level.SEVERE.intValue()).toList();
        assertThat(warnings).hasSize(2);
        assertThat(errors).as("no ERROR for the non-retryable failure").hasSize(1);

        LogRecord first = warnings.get(0);
        String message = formatted(first);
        assertThat(message).contains(method, "attempt 1/3", IllegalStateException.class.getName(), "boom 1",
                "retrying in 10 ms");
        Map<String, String> mdc = ((ExtLogRecord) first).getMdcCopy();
        assertThat(mdc).containsEntry("retry.method", method)
                .containsEntry("retry.attempt", "1")
                .containsEntry("retry.max-attempts", "3")
                .containsEntry("retry.delay-ms", "10")
                .containsEntry("retry.error-type", IllegalStateException.class.getName());
        assertThat(formatted(warnings.get(1))).contains("attempt 2/3", "boom 2", "retrying in 20 ms");

        LogRecord error = errors.get(0);
        assertThat(formatted(error)).contains(method, "attempt 3/3", IllegalStateException.class.getName(), "boom 3",
                "giving up");
        assertThat(error.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage("boom 3");
        assertThat(((ExtLogRecord) error).getMdcCopy()).containsEntry("retry.attempt", "3")
                .containsEntry("retry.method", method).doesNotContainKey("retry.delay-ms");
    }

    private static String formatted(LogRecord record) {
        return ((ExtLogRecord) record).getFormattedMessage();
    }

    @Test
    void mdcIsSetOnlyWhileLogging() {
        service.reset();
        assertThatThrownBy(service::retryable).isInstanceOf(IllegalStateException.class);
        assertThat(org.jboss.logging.MDC.getMap()).doesNotContainKeys("retry.method", "retry.attempt");
    }

    @ApplicationScoped
    public static class Service {
        int calls;

        @WithRetry
        public void retryable() {
            calls++;
            throw new IllegalStateException("boom " + calls);
        }

        void reset() {
            calls = 0;
        }

        @WithRetry
        public void notRetryable() {
            throw new UnsupportedOperationException("never retried");
        }
    }
}
