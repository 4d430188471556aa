package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.fixed;
import static io.quarkiverse.retry.runtime.core.TestSupport.noDelay;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jboss.logmanager.Level.DEBUG;
import static org.jboss.logmanager.Level.ERROR;
import static org.jboss.logmanager.Level.WARN;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.runtime.core.TestSupport.CountingInvoker;
import io.quarkiverse.retry.runtime.core.TestSupport.ImmediateScheduler;

class RetryLogTest {

    private static final String METHOD = "com.acme.Foo#bar";
    private static final String[] KEYS = { RetryLog.MDC_METHOD, RetryLog.MDC_POLICY, RetryLog.MDC_ATTEMPT,
            RetryLog.MDC_MAX_ATTEMPTS, RetryLog.MDC_DELAY_MS, RetryLog.MDC_ERROR_TYPE, RetryLog.MDC_ERROR_MESSAGE };

    /** A record as seen by a handler, with the MDC entries present while it was published. */
    static final class Captured {
        final Level level;
        final String message;
        final Throwable thrown;
        final Map<String, Object> mdc = new HashMap<>();

        Captured(LogRecord record) {
            level = record.getLevel();
            message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            thrown = record.getThrown();
            for (String key : KEYS) {
                mdc.put(key, MDC.get(key));
            }
        }
    }

    private final List<Captured> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(new Captured(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Logger logger;
    private Level savedLevel;
    private boolean savedUseParent;

    @BeforeEach
    void captureRetryLog() {
        logger = Logger.getLogger(RetryLog.CATEGORY);
        savedLevel = logger.getLevel();
        savedUseParent = logger.getUseParentHandlers();
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        MDC.clear();
    }

    @AfterEach
    void restore() {
        logger.removeHandler(handler);
        logger.setLevel(savedLevel);
        logger.setUseParentHandlers(savedUseParent);
        MDC.clear();
    }

    @Test
    void toMillisRoundsToTheNearestMillisecond() {
        assertThat(RetryLog.toMillis(0)).isZero();
        assertThat(RetryLog.toMillis(499_999)).isZero();
        assertThat(RetryLog.toMillis(500_000)).isEqualTo(1);
        assertThat(RetryLog.toMillis(1_499_999)).isEqualTo(1);
        assertThat(RetryLog.toMillis(1_500_000)).isEqualTo(2);
        assertThat(RetryLog.toMillis(30_000 * MS)).isEqualTo(30_000);
    }

    @Test
    void retryingIsAWarningWithAllFieldsInMessageAndMdc() {
        RetryPolicy policy = new RetryPolicy("remote", 3, noDelay(), RetryPolicy.NO_MAX_DURATION,
                List.of(Exception.class), List.of());
        RetryLog.retrying(METHOD, policy, 2, new IOException("boom"), 1_500_000);

        assertThat(records).hasSize(1);
        Captured record = records.get(0);
        assertThat(record.level).isEqualTo(WARN);
        assertThat(record.message).contains(METHOD, "2/3", "java.io.IOException", "boom", "2 ms");
        assertThat(record.mdc).containsEntry(RetryLog.MDC_METHOD, METHOD)
                .containsEntry(RetryLog.MDC_POLICY, "remote")
                .containsEntry(RetryLog.MDC_ATTEMPT, "2")
                .containsEntry(RetryLog.MDC_MAX_ATTEMPTS, "3")
                .containsEntry(RetryLog.MDC_DELAY_MS, "2")
                .containsEntry(RetryLog.MDC_ERROR_TYPE, "java.io.IOException")
                .containsEntry(RetryLog.MDC_ERROR_MESSAGE, "boom");
        for (String key : KEYS) {
            assertThat(MDC.get(key)).as("%s removed afterwards", key).isNull();
        }
    }

    @Test
    void givingUpIsAnErrorWithTheExceptionAndNoDelay() {
        IOException failure = new IOException("down");
        MDC.put(RetryLog.MDC_DELAY_MS, "outer delay");
        RetryLog.givingUp(METHOD, policy(4, noDelay()), 4, failure, "max-attempts (4) reached");

        assertThat(records).hasSize(1);
        Captured record = records.get(0);
        assertThat(record.level).isEqualTo(ERROR);
        assertThat(record.thrown).isSameAs(failure);
        assertThat(record.message).contains(METHOD, "4/4", "down", "max-attempts (4) reached");
        assertThat(record.mdc).containsEntry(RetryLog.MDC_ATTEMPT, "4")
                .containsEntry(RetryLog.MDC_POLICY, "test")
                .containsEntry(RetryLog.MDC_DELAY_MS, null);
        assertThat(MDC.get(RetryLog.MDC_DELAY_MS)).as("restored").isEqualTo("outer delay");
    }

    @Test
    void restoresMdcValuesSetByTheApplication() {
        MDC.put(RetryLog.MDC_METHOD, "outer method");
        MDC.put(RetryLog.MDC_ERROR_MESSAGE, "outer message");
        MDC.put("unrelated", "kept");
        RetryLog.retrying(METHOD, policy(3, noDelay()), 1, new IOException((String) null), 0);

        Captured record = records.get(0);
        assertThat(record.mdc).containsEntry(RetryLog.MDC_METHOD, METHOD)
                .containsEntry(RetryLog.MDC_ERROR_MESSAGE, null);
        assertThat(MDC.get(RetryLog.MDC_METHOD)).isEqualTo("outer method");
        assertThat(MDC.get(RetryLog.MDC_ERROR_MESSAGE)).isEqualTo("outer message");
        assertThat(MDC.get("unrelated")).isEqualTo("kept");
        assertThat(MDC.get(RetryLog.MDC_ATTEMPT)).isNull();
    }

    @Test
    void notRetryableIsADebugMessageNamingThePolicy() {
        RetryPolicy defaults = new RetryPolicy("", 3, noDelay(), RetryPolicy.NO_MAX_DURATION,
                List.of(Exception.class), List.of());
        RetryLog.notRetryable(METHOD, defaults, 1, new AssertionError());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).level).isEqualTo(DEBUG);
        assertThat(records.get(0).message).contains(METHOD, "java.lang.AssertionError", "<default>");
    }

    @Test
    void nothingIsLoggedOrPutInMdcWhenTheCategoryIsOff() {
        logger.setLevel(Level.OFF);
        RetryLog.retrying(METHOD, policy(3, noDelay()), 1, new IOException("x"), 0);
        RetryLog.givingUp(METHOD, policy(3, noDelay()), 3, new IOException("x"), "reason");
        RetryLog.notRetryable(METHOD, policy(3, noDelay()), 1, new IOException("x"));
        assertThat(records).isEmpty();
        for (String key : KEYS) {
            assertThat(MDC.get(key)).isNull();
        }
    }

    @Test
    void retrierLogsEachRetryAndTheEnd() {
        Retrier retrier = new Retrier(METHOD, policy(3, fixed(MS)), new ImmediateScheduler(), () -> true,
                () -> 0L);
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw new IOException("call " + call);
        });
        Throwable thrown = catchThrowable(() -> retrier.retrySync(invoker, new IOException("first"), 0));
        assertThat(thrown).hasMessage("call 2");
        assertThat(records).extracting(r -> r.level).containsExactly(WARN,
                WARN, ERROR);
        assertThat(records).extracting(r -> r.mdc.get(RetryLog.MDC_ATTEMPT)).containsExactly("1", "2", "3");
        assertThat(records).extracting(r -> r.mdc.get(RetryLog.MDC_DELAY_MS)).containsExactly("1", "1", null);
        assertThat(records).extracting(r -> r.mdc.get(RetryLog.MDC_ERROR_MESSAGE))
                .containsExactly("first", "call 1", "call 2");
        assertThat(records.get(2).thrown).isSameAs(thrown);
    }

    @Test
    void nonRetryableFailuresAreNotLoggedAsGivingUp() {
        Retrier retrier = new Retrier(METHOD, policy(3, noDelay()), new ImmediateScheduler(), () -> true,
                () -> 0L);
        AssertionError error = new AssertionError("fatal");
        CountingInvoker invoker = new CountingInvoker(call -> "never");
        assertThat(catchThrowable(() -> retrier.retrySync(invoker, error, 0))).isSameAs(error);
        assertThat(records).extracting(r -> r.level).containsExactly(DEBUG);
    }
}
