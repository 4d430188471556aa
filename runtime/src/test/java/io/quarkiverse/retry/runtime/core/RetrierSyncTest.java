package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.SECOND;
import static io.quarkiverse.retry.runtime.core.TestSupport.fixed;
import static io.quarkiverse.retry.runtime.core.TestSupport.noDelay;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.runtime.core.TestSupport.CountingInvoker;
import io.quarkiverse.retry.runtime.core.TestSupport.Failures;
import io.quarkiverse.retry.runtime.core.TestSupport.ImmediateScheduler;

@Timeout(20)
class RetrierSyncTest {

    private static final String METHOD = "com.acme.Foo#bar";
    private static final BooleanSupplier BLOCKING_ALLOWED = () -> true;
    private static final LongSupplier NO_CLOCK = () -> {
        throw new AssertionError("the clock must not be read without max-duration");
    };

    private final ImmediateScheduler scheduler = new ImmediateScheduler();

    @AfterEach
    void noScheduling() {
        assertThat(scheduler.delays()).as("synchronous retries never use the DelayScheduler").isEmpty();
        // never leak an interrupt into other tests
        Thread.interrupted();
    }

    private Retrier retrier(RetryPolicy policy) {
        return new Retrier(METHOD, policy, scheduler, BLOCKING_ALLOWED, NO_CLOCK);
    }

    @Test
    void accessors() {
        RetryPolicy policy = policy(3, noDelay());
        Retrier retrier = retrier(policy);
        assertThat(retrier.method()).isEqualTo(METHOD);
        assertThat(retrier.policy()).isSameAs(policy);
        assertThat(retrier.scheduler()).isSameAs(scheduler);
        assertThat(retrier.startTime()).as("no clock read without max-duration").isZero();
    }

    @Test
    void startTimeReadsTheClockWithMaxDuration() {
        Retrier retrier = new Retrier(METHOD, policy(3, noDelay(), SECOND), scheduler, BLOCKING_ALLOWED, () -> 4242L);
        assertThat(retrier.startTime()).isEqualTo(4242L);
    }

    @ParameterizedTest(name = "{0} failures")
    @ValueSource(ints = { 1, 2, 3, 4 })
    void succeedsAfterKFailures(int k) throws Exception {
        Failures failures = new Failures();
        Exception first = failures.next();
        CountingInvoker invoker = new CountingInvoker(call -> {
            // call 1 of the invoker is attempt 2
            if (call + 1 <= k) {
                throw failures.next();
            }
            return "ok after " + call;
        });
        Object result = retrier(policy(5, noDelay())).retrySync(invoker, first, 0);
        assertThat(result).isEqualTo("ok after " + k);
        assertThat(invoker.calls()).as("one invocation per retry").isEqualTo(k);
    }

    @Test
    void succeedsOnTheLastAllowedAttempt() throws Exception {
        CountingInvoker invoker = new CountingInvoker(call -> {
            if (call < 4) {
                throw new IOException("call " + call);
            }
            return 42;
        });
        assertThat(retrier(policy(5, noDelay())).retrySync(invoker, new IOException("first"), 0)).isEqualTo(42);
        assertThat(invoker.calls()).isEqualTo(4);
    }

    @Test
    void returnsNullResultsAsSuccess() throws Exception {
        CountingInvoker invoker = new CountingInvoker(call -> null);
        assertThat(retrier(policy(3, noDelay())).retrySync(invoker, new IOException(), 0)).isNull();
        assertThat(invoker.calls()).isEqualTo(1);
    }

    @Test
    void exhaustionThrowsTheLastFailureWithEarlierOnesSuppressedInOrder() {
        Failures failures = new Failures();
        Exception first = failures.next();
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw failures.next();
        });
        Throwable thrown = catchThrowable(() -> retrier(policy(4, noDelay())).retrySync(invoker, first, 0));
        assertThat(invoker.calls()).isEqualTo(3);
        assertThat(failures.all()).hasSize(4);
        assertThat(thrown).isSameAs(failures.get(3));
        assertThat(thrown.getSuppressed()).containsExactly(failures.get(0), failures.get(1), failures.get(2));
        for (int i = 0; i < 3; i++) {
            assertThat(failures.get(i).getSuppressed()).as("earlier failure %s is left alone", i).isEmpty();
        }
    }

    @Test
    void exhaustionThrowsCheckedExceptionsAsIs() {
        IOException last = new IOException("last");
        IOException first = new IOException("first");
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw last;
        });
        Throwable thrown = catchThrowable(() -> retrier(policy(2, noDelay())).retrySync(invoker, first, 0));
        assertThat(thrown).isSameAs(last);
        assertThat(thrown.getSuppressed()).containsExactly(first);
    }

    @Test
    void maxAttemptsOneNeverRetries() {
        Exception first = new IllegalStateException("only");
        CountingInvoker invoker = new CountingInvoker(call -> "never");
        assertThatThrownBy(() -> retrier(policy(1, noDelay())).retrySync(invoker, first, 0)).isSameAs(first)
                .satisfies(t -> assertThat(t.getSuppressed()).isEmpty());
        assertThat(invoker.calls()).isZero();
    }

    @Test
    void nonRetryableFirstFailurePropagatesAtOnce() {
        RetryPolicy policy = new RetryPolicy("p", 5, noDelay(), RetryPolicy.NO_MAX_DURATION,
                List.of(Exception.class), List.of(IllegalArgumentException.class));
        IllegalArgumentException first = new IllegalArgumentException("abort");
        CountingInvoker invoker = new CountingInvoker(call -> "never");
        assertThatThrownBy(() -> retrier(policy).retrySync(invoker, first, 0)).isSameAs(first)
                .satisfies(t -> assertThat(t.getSuppressed()).isEmpty());
        assertThat(invoker.calls()).isZero();
    }

    @Test
    void nonRetryableLaterFailurePropagatesWithoutFurtherInvocation() {
        RetryPolicy policy = new RetryPolicy("p", 10, noDelay(), RetryPolicy.NO_MAX_DURATION,
                List.of(IOException.class), List.of());
        IllegalStateException notRetried = new IllegalStateException("not in retry-on");
        CountingInvoker invoker = new CountingInvoker(call -> {
            if (call == 1) {
                throw new IOException("retried");
            }
            throw notRetried;
        });
        assertThatThrownBy(() -> retrier(policy).retrySync(invoker, new IOException("first"), 0)).isSameAs(notRetried);
        assertThat(invoker.calls()).isEqualTo(2);
    }

    @Test
    void errorsAreNotRetriedByDefault() {
        AssertionError error = new AssertionError("boom");
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw error;
        });
        // the first attempt is retryable, the error on the second is not
        assertThatThrownBy(() -> retrier(policy(5, noDelay())).retrySync(invoker, new IOException("first"), 0))
                .isSameAs(error);
        assertThat(invoker.calls()).isEqualTo(1);

        StackOverflowError first = new StackOverflowError();
        CountingInvoker untouched = new CountingInvoker(call -> "never");
        assertThatThrownBy(() -> retrier(policy(5, noDelay())).retrySync(untouched, first, 0)).isSameAs(first);
        assertThat(untouched.calls()).isZero();
    }

    @Test
    void sameInstanceOnEveryAttemptDoesNotSelfSuppress() {
        IllegalStateException same = new IllegalStateException("always the same");
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw same;
        });
        Retrier retrier = retrier(policy(5, noDelay()));
        Throwable thrown = catchThrowable(() -> retrier.retrySync(invoker, same, 0));
        assertThat(thrown).isSameAs(same);
        assertThat(thrown.getSuppressed()).isEmpty();
        assertThat(invoker.calls()).isEqualTo(4);

        // and again: a cached exception thrown by another call is not a problem either
        Throwable again = catchThrowable(() -> retrier.retrySync(invoker, same, 0));
        assertThat(again).isSameAs(same);
        assertThat(again.getSuppressed()).isEmpty();
    }

    @Test
    void repeatedInstanceAmongOthersIsNotSelfSuppressed() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalStateException b = new IllegalStateException("b");
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw call == 1 ? b : a;
        });
        Throwable thrown = catchThrowable(() -> retrier(policy(4, noDelay())).retrySync(invoker, a, 0));
        assertThat(thrown).isSameAs(a);
        assertThat(thrown.getSuppressed()).containsExactly(b);
    }

    @Test
    void waitsBetweenAttempts() throws Exception {
        CountingInvoker invoker = new CountingInvoker(call -> {
            if (call < 2) {
                throw new IOException();
            }
            return "ok";
        });
        long before = System.nanoTime();
        Object result = retrier(policy(3, fixed(20 * MS))).retrySync(invoker, new IOException(), 0);
        long elapsed = System.nanoTime() - before;
        assertThat(result).isEqualTo("ok");
        // two waits of 20 ms: a sleep is never shorter than requested
        assertThat(elapsed).isGreaterThanOrEqualTo(40 * MS);
    }

    // ---------------------------------------------------------------- threads that must not block

    @Test
    void refusesToWaitOnAThreadThatMustNotBlock() {
        AtomicInteger asked = new AtomicInteger();
        Retrier retrier = new Retrier(METHOD, policy(3, fixed(SECOND)), scheduler, () -> {
            asked.incrementAndGet();
            return false;
        }, NO_CLOCK);
        IOException first = new IOException("first");
        CountingInvoker invoker = new CountingInvoker(call -> "never");
        long before = System.nanoTime();
        Throwable thrown = catchThrowable(() -> retrier.retrySync(invoker, first, 0));
        assertThat(System.nanoTime() - before).as("did not sleep").isLessThan(SECOND / 2);
        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(METHOD)
                .hasCause(first);
        assertThat(thrown.getCause()).isSameAs(first);
        assertThat(invoker.calls()).isZero();
        assertThat(asked.get()).isPositive();
    }

    @Test
    void zeroWaitsAreFineOnAThreadThatMustNotBlock() throws Exception {
        // waits of 0 are fine on any thread: with base 0 everything is retried in place
        Retrier zero = new Retrier(METHOD, policy(4, noDelay()), scheduler, () -> false, NO_CLOCK);
        CountingInvoker invoker = new CountingInvoker(call -> {
            if (call < 3) {
                throw new IOException();
            }
            return "done";
        });
        assertThat(zero.retrySync(invoker, new IOException(), 0)).isEqualTo("done");
        assertThat(invoker.calls()).isEqualTo(3);
    }

    @Test
    void refusalCarriesEarlierFailures() {
        // first retry after 0 ns, second after 1 s (custom strategy), on a thread that must not block
        Backoff backoff = new Backoff(1, SECOND, 1e9, (exp, prev, base, max, random) -> exp == 1 ? 0 : exp,
                TestSupport.constant(0.5));
        Retrier retrier = new Retrier(METHOD, policy(5, backoff), scheduler, () -> false, NO_CLOCK);
        IOException first = new IOException("first");
        IOException second = new IOException("second");
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw second;
        });
        Throwable thrown = catchThrowable(() -> retrier.retrySync(invoker, first, 0));
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining(METHOD);
        assertThat(thrown.getCause()).isSameAs(second);
        assertThat(second.getSuppressed()).containsExactly(first);
    }

    // ---------------------------------------------------------------- interrupts

    @Test
    @Timeout(10)
    void interruptDuringTheWaitStopsRetrying() {
        IOException first = new IOException("first");
        CountingInvoker invoker = new CountingInvoker(call -> "never");
        Retrier retrier = retrier(policy(5, fixed(60 * SECOND)));
        Thread.currentThread().interrupt();
        Throwable thrown = catchThrowable(() -> retrier.retrySync(invoker, first, 0));
        assertThat(Thread.interrupted()).as("interrupt flag still set").isTrue();
        assertThat(thrown).isSameAs(first);
        assertThat(invoker.calls()).isZero();
    }

    @Test
    @Timeout(10)
    void interruptDuringALaterWaitThrowsTheLastFailureWithEarlierOnes() {
        IOException first = new IOException("first");
        IOException second = new IOException("second");
        Backoff backoff = new Backoff(MS, 60 * SECOND, 60_000.0, Jitter.NONE, TestSupport.constant(0.5));
        CountingInvoker invoker = new CountingInvoker(call -> {
            Thread.currentThread().interrupt(); // e.g. the application shuts down during attempt 2
            throw second;
        });
        Throwable thrown = catchThrowable(() -> retrier(policy(5, backoff)).retrySync(invoker, first, 0));
        assertThat(Thread.interrupted()).isTrue();
        assertThat(thrown).isSameAs(second);
        assertThat(thrown.getSuppressed()).containsExactly(first);
        assertThat(invoker.calls()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- max-duration

    @Test
    void maxDurationStopsBeforeAWaitThatWouldEndTooLate() {
        // every attempt takes 100 ms of (fake) time, waits are 1 us, max-duration 350 ms
        AtomicLong clock = new AtomicLong(1_000 * SECOND);
        long start = clock.get();
        List<Long> attemptStarts = new ArrayList<>();
        CountingInvoker invoker = new CountingInvoker(call -> {
            attemptStarts.add(clock.get() - start);
            clock.addAndGet(100 * MS);
            throw new IOException("call " + call);
        });
        Retrier retrier = new Retrier(METHOD, policy(100, fixed(1_000), 350 * MS), scheduler, BLOCKING_ALLOWED,
                clock::get);
        assertThat(retrier.startTime()).isEqualTo(start);
        clock.addAndGet(100 * MS); // the first attempt
        Throwable thrown = catchThrowable(() -> retrier.retrySync(invoker, new IOException("first"), start));
        // attempts start at 0, 100, 200, 300 ms; after the 4th (400 ms elapsed) no wait fits
        assertThat(invoker.calls()).isEqualTo(3);
        assertThat(thrown).hasMessage("call 3");
        // the three earlier failures, and the note that max-duration stopped the retries (issue "One retry engine")
        assertThat(thrown.getSuppressed()).filteredOn(t -> !(t instanceof RetryStoppedException)).hasSize(3);
        assertThat(RetryStoppedException.of(thrown)).get().extracting(RetryStoppedException::getOutcome)
                .isEqualTo(RetryOutcome.MAX_DURATION);
        // with the 1 us wait, each retry started no later than max-duration
        assertThat(attemptStarts).allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(350 * MS));
    }

    @Test
    void maxDurationNeverSchedulesAWaitEndingPastTheLimit() {
        // the fake clock only moves by the waits (attempts take no time); waits are 2, 4, 8 ms; max-duration 10 ms
        AtomicLong clock = new AtomicLong(-5 * SECOND); // nanoTime may be negative
        long start = clock.get();
        long maxDuration = 10 * MS;
        Backoff backoff = new Backoff(2 * MS, 100 * MS, 2.0, Jitter.NONE, TestSupport.constant(0.5));
        List<Long> waitEnds = new ArrayList<>();
        CountingInvoker invoker = new CountingInvoker(call -> {
            // attempt call + 1 runs after the wait exp(call)
            clock.addAndGet(backoff.exponentialNanos(call));
            waitEnds.add(clock.get() - start);
            throw new IOException("call " + call);
        });
        Retrier retrier = new Retrier(METHOD, policy(100, backoff, maxDuration), scheduler, BLOCKING_ALLOWED,
                clock::get);
        Throwable thrown = catchThrowable(() -> retrier.retrySync(invoker, new IOException("first"), start));
        // 0 + 2 <= 10, 2 + 4 <= 10, 6 + 8 > 10
        assertThat(waitEnds).containsExactly(2 * MS, 6 * MS);
        assertThat(thrown).hasMessage("call 2");
    }

    @Test
    void waitEndingExactlyAtMaxDurationIsAllowed() throws Exception {
        AtomicLong clock = new AtomicLong(0);
        Retrier retrier = new Retrier(METHOD, policy(3, fixed(1_000), 1_000), scheduler, BLOCKING_ALLOWED, clock::get);
        CountingInvoker invoker = new CountingInvoker(call -> "ok");
        assertThat(retrier.retrySync(invoker, new IOException(), 0)).isEqualTo("ok");

        clock.set(1);
        CountingInvoker never = new CountingInvoker(call -> "never");
        IOException first = new IOException("first");
        assertThatThrownBy(() -> retrier.retrySync(never, first, 0)).isSameAs(first);
        assertThat(never.calls()).isZero();
    }

    @Test
    void maxDurationCheckDoesNotOverflowWithHugeWaits() {
        // max-delay Long.MAX_VALUE is a valid Backoff; a wait of that size never fits in a max-duration of 1 s
        Backoff huge = new Backoff(Long.MAX_VALUE - 10, Long.MAX_VALUE, 2.0, Jitter.NONE, TestSupport.constant(0.5));
        AtomicLong clock = new AtomicLong(0);
        Retrier retrier = new Retrier(METHOD, policy(3, huge, SECOND), scheduler, () -> false, clock::get);
        clock.set(1); // 1 ns elapsed
        IOException first = new IOException("first");
        CountingInvoker never = new CountingInvoker(call -> "never");
        assertThatThrownBy(() -> retrier.retrySync(never, first, 0)).isSameAs(first);
        assertThat(never.calls()).isZero();
    }

    @Test
    void maxDurationAlreadyExceededStopsAtOnce() {
        AtomicLong clock = new AtomicLong(0);
        Retrier retrier = new Retrier(METHOD, policy(10, noDelay(), 50 * MS), scheduler, BLOCKING_ALLOWED,
                clock::get);
        long start = retrier.startTime();
        clock.set(51 * MS);
        IOException first = new IOException("first");
        CountingInvoker never = new CountingInvoker(call -> "never");
        assertThatThrownBy(() -> retrier.retrySync(never, first, start)).isSameAs(first);
        assertThat(never.calls()).isZero();
    }
}
