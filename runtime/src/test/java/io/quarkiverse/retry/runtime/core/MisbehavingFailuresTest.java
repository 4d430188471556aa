package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.noDelay;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkiverse.retry.runtime.core.TestSupport.ImmediateScheduler;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * Failures that misbehave, in every shape, with the retry log on: a {@code getMessage()} that throws, a huge message,
 * suppression disabled, a cyclic cause chain (also of {@code CompletionException}s), a {@code getCause()} that
 * throws, an {@code Error}, {@code null} returned instead of a {@code Uni} or {@code CompletionStage}. The extension
 * must neither hang nor lose the original failure, and its log lines stay bounded.
 */
@Timeout(20)
class MisbehavingFailuresTest {

    enum Shape {
        SYNC,
        UNI,
        COMPLETION_STAGE
    }

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level saved;

    @BeforeEach
    void captureLog() {
        Logger logger = Logger.getLogger(RetryLog.CATEGORY);
        saved = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void restoreLog() {
        Logger logger = Logger.getLogger(RetryLog.CATEGORY);
        logger.removeHandler(capture);
        logger.setLevel(saved);
    }

    private static Retrier retrier() {
        return new Retrier("com.acme.Rude#call", policy(3, noDelay()), new ImmediateScheduler(), () -> true,
                System::nanoTime);
    }

    /** Runs a call whose every attempt fails with {@code failure}; returns what the caller gets. */
    private static Throwable callFailingWith(Shape shape, Supplier<Throwable> failure, AtomicInteger attempts)
            throws Exception {
        Retrier retrier = retrier();
        switch (shape) {
            case SYNC:
                return catchThrowable(() -> retrier.callSync(Invoker.SELF, (Invoker) () -> {
                    attempts.incrementAndGet();
                    throw Retrier.sneakyThrow(failure.get());
                }));
            case UNI:
                // a plain subscriber: Mutiny's test subscriber formats the failure, which a rude one refuses
                CompletableFuture<Throwable> delivered = new CompletableFuture<>();
                retrier.retryUni(() -> {
                    attempts.incrementAndGet();
                    return Uni.createFrom().failure(failure.get());
                }).subscribe().withSubscriber(new UniSubscriber<Object>() {
                    @Override
                    public void onSubscribe(UniSubscription subscription) {
                    }

                    @Override
                    public void onItem(Object item) {
                        delivered.complete(null);
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        delivered.complete(t);
                    }
                });
                return delivered.get(5, TimeUnit.SECONDS);
            default:
                CompletableFuture<Object> stage = retrier.retryCompletionStage(() -> {
                    attempts.incrementAndGet();
                    return CompletableFuture.failedFuture(failure.get());
                });
                // handle(): the failure as completed, where get() and join() would wrap it (and so call its
                // toString())
                return stage.handle((value, thrown) -> thrown).get(5, TimeUnit.SECONDS);
        }
    }

    private String logText() {
        StringBuilder all = new StringBuilder();
        synchronized (capture) {
            for (LogRecord record : records) {
                all.append(new java.util.logging.SimpleFormatter().formatMessage(record)).append('\n');
            }
        }
        return all.toString();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aGetMessageThatThrows(Shape shape) throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<Throwable> made = new ArrayList<>();
        Throwable result = callFailingWith(shape, () -> {
            RuntimeException rude = new IllegalStateException() {
                @Override
                public String getMessage() {
                    throw new UnsupportedOperationException("no message for you");
                }
            };
            made.add(rude);
            return rude;
        }, attempts);

        assertThat(attempts).hasValue(3);
        // compared by identity: AssertJ would format the rude exception in a message
        assertThat(result == made.get(2)).as("the last attempt's own failure").isTrue();
        Throwable[] suppressed = result.getSuppressed();
        assertThat(suppressed.length == 2 && suppressed[0] == made.get(0) && suppressed[1] == made.get(1))
                .as("the earlier failures, suppressed").isTrue();
        assertThat(logText()).contains("(its getMessage() threw java.lang.UnsupportedOperationException)");
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aHugeMessageIsCutInTheLog(Shape shape) throws Exception {
        String huge = "x".repeat(5_000_000);
        AtomicInteger attempts = new AtomicInteger();
        Throwable result = callFailingWith(shape, () -> new IllegalStateException(huge), attempts);

        assertThat(result).hasMessage(huge);
        synchronized (capture) {
            assertThat(records).isNotEmpty();
            for (LogRecord record : records) {
                String line = new java.util.logging.SimpleFormatter().formatMessage(record);
                assertThat(line.length()).as("a log line").isLessThan(RetryLog.MAX_MESSAGE + 1_000);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void suppressionDisabled(Shape shape) throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<Throwable> made = new ArrayList<>();
        Throwable result = callFailingWith(shape, () -> {
            RuntimeException mute = new RuntimeException("mute #" + (made.size() + 1), null, false, true) {
            };
            made.add(mute);
            return mute;
        }, attempts);

        assertThat(attempts).hasValue(3);
        assertThat(result).isSameAs(made.get(2)).hasMessage("mute #3");
        assertThat(result.getSuppressed()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aCyclicCauseChain(Shape shape) throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Throwable result = callFailingWith(shape, () -> {
            IllegalStateException a = new IllegalStateException("a");
            IllegalArgumentException b = new IllegalArgumentException("b", a);
            a.initCause(b);
            return a;
        }, attempts);

        assertThat(attempts).hasValue(3);
        assertThat(result).hasMessage("a");
    }

    @Test
    void aCycleOfCompletionExceptionsAndAThrowingGetCause() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Throwable result = callFailingWith(Shape.COMPLETION_STAGE, () -> {
            CompletionException first = new CompletionException("first") { // cause not yet set
            };
            CompletionException second = new CompletionException("second", first);
            first.initCause(second);
            return first;
        }, attempts);
        assertThat(attempts).hasValue(3);
        assertThat(result).isInstanceOf(CompletionException.class);

        AtomicInteger more = new AtomicInteger();
        RuntimeException rude = new RuntimeException("rude cause") {
            @Override
            public synchronized Throwable getCause() {
                throw new IllegalStateException("no cause for you");
            }
        };
        for (Shape shape : Shape.values()) {
            assertThat(callFailingWith(shape, () -> rude, more) == rude).as(shape.name()).isTrue();
        }
        assertThat(more).hasValue(9);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void anErrorIsNotRetriedAndPropagatesAsIs(Shape shape) throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AssertionError error = new AssertionError("broken invariant");
        Throwable result = callFailingWith(shape, () -> error, attempts);

        assertThat(attempts).hasValue(1);
        assertThat(result).isSameAs(error);
    }

    @Test
    void nullReturnedInsteadOfAUniOrACompletionStage() {
        Retrier retrier = retrier();
        AtomicInteger attempts = new AtomicInteger();
        UniAssertSubscriber<Object> uni = retrier.retryUni(() -> {
            attempts.incrementAndGet();
            return null;
        }).subscribe().withSubscriber(UniAssertSubscriber.create());
        uni.awaitFailure(java.time.Duration.ofSeconds(5)).assertFailedWith(NullPointerException.class,
                "com.acme.Rude#call returned null instead of a Uni");
        CompletableFuture<Object> stage = retrier.retryCompletionStage(() -> {
            attempts.incrementAndGet();
            return null;
        });
        assertThat(catchThrowable(() -> stage.get(5, TimeUnit.SECONDS))).cause()
                .isInstanceOf(NullPointerException.class)
                .hasMessage("com.acme.Rude#call returned null instead of a CompletionStage");
        assertThat(attempts).as("3 attempts each: a null is a failure like any other").hasValue(6);
    }
}
