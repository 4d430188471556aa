package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.noDelay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static RetryPolicy policy(List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> abortOn) {
        return new RetryPolicy("p", 3, noDelay(), RetryPolicy.NO_MAX_DURATION, retryOn, abortOn);
    }

    /** The default policy: retry-on = Exception, no abort-on. */
    private static RetryPolicy defaults() {
        return policy(List.of(Exception.class), List.of());
    }

    static class CustomError extends Error {
    }

    @Test
    void defaultRetriesExceptionsAndTheirSubclasses() {
        RetryPolicy policy = defaults();
        assertThat(policy.isRetryable(new Exception())).isTrue();
        assertThat(policy.isRetryable(new IOException())).isTrue();
        assertThat(policy.isRetryable(new RuntimeException())).isTrue();
        assertThat(policy.isRetryable(new IllegalStateException())).isTrue();
        assertThat(policy.isRetryable(new UncheckedIOException(new IOException()))).isTrue();
    }

    @Test
    void defaultDoesNotRetryErrors() {
        RetryPolicy policy = defaults();
        assertThat(policy.isRetryable(new Error())).isFalse();
        assertThat(policy.isRetryable(new AssertionError())).isFalse();
        assertThat(policy.isRetryable(new OutOfMemoryError())).isFalse();
        assertThat(policy.isRetryable(new StackOverflowError())).isFalse();
        assertThat(policy.isRetryable(new CustomError())).isFalse();
        assertThat(policy.isRetryable(new Throwable())).isFalse();
    }

    @Test
    void retryOnMatchesSubclasses() {
        RetryPolicy policy = policy(List.of(IOException.class), List.of());
        assertThat(policy.isRetryable(new IOException())).isTrue();
        assertThat(policy.isRetryable(new FileNotFoundException())).isTrue();
        assertThat(policy.isRetryable(new SocketTimeoutException())).isTrue();
    }

    @Test
    void typesNotInRetryOnAreNotRetried() {
        RetryPolicy policy = policy(List.of(IOException.class), List.of());
        assertThat(policy.isRetryable(new Exception())).as("superclass of a retry-on type").isFalse();
        assertThat(policy.isRetryable(new RuntimeException())).isFalse();
        assertThat(policy.isRetryable(new TimeoutException())).isFalse();
        assertThat(policy.isRetryable(new UncheckedIOException(new IOException())))
                .as("only the type counts, not the cause").isFalse();
        assertThat(policy.isRetryable(new Error())).isFalse();
    }

    @Test
    void severalRetryOnTypes() {
        RetryPolicy policy = policy(List.of(IOException.class, TimeoutException.class), List.of());
        assertThat(policy.isRetryable(new FileNotFoundException())).isTrue();
        assertThat(policy.isRetryable(new TimeoutException())).isTrue();
        assertThat(policy.isRetryable(new IllegalStateException())).isFalse();
    }

    @Test
    void abortOnWinsOverRetryOn() {
        RetryPolicy policy = policy(List.of(Exception.class), List.of(IllegalArgumentException.class));
        assertThat(policy.isRetryable(new IllegalArgumentException())).isFalse();
        assertThat(policy.isRetryable(new NumberFormatException())).as("subclass of an abort-on type").isFalse();
        assertThat(policy.isRetryable(new IllegalStateException())).isTrue();
    }

    @Test
    void abortOnWinsEvenForTheExactRetryOnType() {
        RetryPolicy policy = policy(List.of(IOException.class), List.of(IOException.class));
        assertThat(policy.isRetryable(new IOException())).isFalse();
        RetryPolicy wider = policy(List.of(FileNotFoundException.class), List.of(IOException.class));
        assertThat(wider.isRetryable(new FileNotFoundException())).isFalse();
    }

    @Test
    void retryOnThrowableRetriesErrorsUnlessAborted() {
        RetryPolicy policy = policy(List.of(Throwable.class), List.of(VirtualMachineError.class));
        assertThat(policy.isRetryable(new CustomError())).isTrue();
        assertThat(policy.isRetryable(new OutOfMemoryError())).isFalse();
    }

    @Test
    void emptyRetryOnRetriesNothing() {
        RetryPolicy policy = policy(List.of(), List.of());
        assertThat(policy.isRetryable(new Exception())).isFalse();
        assertThat(policy.isRetryable(new RuntimeException())).isFalse();
    }

    @Test
    void copiesTheTypeLists() {
        List<Class<? extends Throwable>> retryOn = new ArrayList<>(List.of(IOException.class));
        List<Class<? extends Throwable>> abortOn = new ArrayList<>();
        RetryPolicy policy = policy(retryOn, abortOn);
        retryOn.add(RuntimeException.class);
        abortOn.add(IOException.class);
        assertThat(policy.isRetryable(new RuntimeException())).isFalse();
        assertThat(policy.isRetryable(new IOException())).isTrue();
    }

    @Test
    void rejectsMaxAttemptsBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new RetryPolicy("p", 0, noDelay(), RetryPolicy.NO_MAX_DURATION, List.of(Exception.class),
                        List.of()));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new RetryPolicy("p", -3, noDelay(), RetryPolicy.NO_MAX_DURATION, List.of(Exception.class),
                        List.of()));
    }

    @Test
    void accessorsAndNames() {
        Backoff backoff = noDelay();
        RetryPolicy named = new RetryPolicy("remote", 7, backoff, 5_000, List.of(Exception.class), List.of());
        assertThat(named.name()).isEqualTo("remote");
        assertThat(named.displayName()).isEqualTo("remote");
        assertThat(named.maxAttempts()).isEqualTo(7);
        assertThat(named.backoff()).isSameAs(backoff);
        assertThat(named.maxDurationNanos()).isEqualTo(5_000);
        assertThat(named.hasMaxDuration()).isTrue();

        RetryPolicy defaultPolicy = new RetryPolicy("", 1, backoff, RetryPolicy.NO_MAX_DURATION,
                List.of(Exception.class), List.of());
        assertThat(defaultPolicy.name()).isEmpty();
        assertThat(defaultPolicy.displayName()).isEqualTo("<default>");
        assertThat(defaultPolicy.hasMaxDuration()).isFalse();
    }
}
