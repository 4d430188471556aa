package io.quarkiverse.retry.runtime.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.CircuitBreakerState;

class CircuitBreakerTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong now = new AtomicLong(5_000 * SECOND);

    CircuitBreaker breaker(int window, double ratio, long delay, int successes) {
        return new CircuitBreaker("backend", window, ratio, delay, successes, now::get);
    }

    void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            int permit = breaker.tryAcquire();
            assertThat(permit).isNotEqualTo(CircuitBreaker.REFUSED);
            breaker.onFailure(permit);
        }
    }

    void succeed(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            int permit = breaker.tryAcquire();
            assertThat(permit).isNotEqualTo(CircuitBreaker.REFUSED);
            breaker.onSuccess(permit);
        }
    }

    @Test
    void staysClosedUntilTheWindowIsFull() {
        CircuitBreaker breaker = breaker(10, 0.5, SECOND, 1);
        fail(breaker, 9);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
        fail(breaker, 1);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
    }

    @Test
    void opensExactlyAtTheFailureRatioOfTheRollingWindow() {
        CircuitBreaker breaker = breaker(10, 0.5, SECOND, 1);
        succeed(breaker, 6);
        fail(breaker, 4);
        assertThat(breaker.state()).as("4 of 10").isEqualTo(CircuitBreakerState.CLOSED);
        fail(breaker, 1); // the oldest success leaves the window: 5 of the last 10 failed
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
    }

    @Test
    void openRefusesUntilTheDelayThenAdmitsTrials() {
        CircuitBreaker breaker = breaker(4, 0.5, SECOND, 1);
        fail(breaker, 4);
        assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        assertThat(breaker.isRefusing()).isTrue();
        now.addAndGet(SECOND - 1);
        assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        now.addAndGet(1);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.HALF_OPEN);
        int trial = breaker.tryAcquire();
        assertThat(trial).isEqualTo(CircuitBreaker.TRIAL_PERMIT);
        assertThat(breaker.tryAcquire()).as("one trial at a time").isEqualTo(CircuitBreaker.REFUSED);
        breaker.onSuccess(trial);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
        fail(breaker, 3);
        assertThat(breaker.state()).as("the window was cleared on closing").isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void failedTrialReopensForAnotherDelay() {
        CircuitBreaker breaker = breaker(2, 0.5, SECOND, 1);
        fail(breaker, 2);
        now.addAndGet(SECOND);
        int trial = breaker.tryAcquire();
        breaker.onFailure(trial);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
        now.addAndGet(SECOND / 2);
        assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        now.addAndGet(SECOND / 2);
        assertThat(breaker.tryAcquire()).as("a trial of the second half-open episode")
                .isEqualTo(CircuitBreaker.TRIAL_PERMIT + 2);
    }

    @Test
    void successThresholdTrialsMustAllSucceed() {
        CircuitBreaker breaker = breaker(2, 0.5, SECOND, 3);
        fail(breaker, 2);
        now.addAndGet(SECOND);
        int a = breaker.tryAcquire();
        int b = breaker.tryAcquire();
        int c = breaker.tryAcquire();
        assertThat(new int[] { a, b, c }).containsOnly(CircuitBreaker.TRIAL_PERMIT);
        assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        breaker.onSuccess(a);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.HALF_OPEN);
        int d = breaker.tryAcquire();
        assertThat(d).as("a finished trial frees its place").isEqualTo(CircuitBreaker.TRIAL_PERMIT);
        breaker.onSuccess(b);
        breaker.onSuccess(c);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
        breaker.onFailure(d); // a trial admitted before closing no longer counts as a trial
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void halfOpenAdmitsExactlySuccessThresholdTrialsUnderConcurrency() throws Exception {
        CircuitBreaker breaker = breaker(2, 0.5, SECOND, 2);
        fail(breaker, 2);
        now.addAndGet(SECOND);
        int threads = 8;
        AtomicInteger trials = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1_000; i++) {
                    if (breaker.tryAcquire() != CircuitBreaker.REFUSED) {
                        trials.incrementAndGet();
                    }
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(trials.get()).isEqualTo(2);
    }

    @Test
    void forcedStatesAndReset() {
        CircuitBreaker breaker = breaker(2, 0.5, SECOND, 1);
        breaker.forceOpen();
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.FORCED_OPEN);
        now.addAndGet(100 * SECOND);
        assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        breaker.forceClosed();
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.FORCED_CLOSED);
        fail(breaker, 100);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.FORCED_CLOSED);
        breaker.reset();
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
        fail(breaker, 2);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.OPEN);
    }

    @Test
    void defaultWindowDoesNotTripAtTwentyPercentIndependentFailures() {
        CircuitBreaker breaker = breaker(100, 0.5, 5 * SECOND, 1);
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            int permit = breaker.tryAcquire();
            assertThat(permit).as("call %d", i).isNotEqualTo(CircuitBreaker.REFUSED);
            if (random.nextDouble() < 0.2) {
                breaker.onFailure(permit);
            } else {
                breaker.onSuccess(permit);
            }
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void aTwentyCallWindowTripsAtTwentyPercentFailures() {
        CircuitBreaker breaker = breaker(20, 0.5, 5 * SECOND, 1);
        Random random = new Random(42);
        boolean tripped = false;
        for (int i = 0; i < 100_000 && !tripped; i++) {
            int permit = breaker.tryAcquire();
            if (random.nextDouble() < 0.2) {
                breaker.onFailure(permit);
            } else {
                breaker.onSuccess(permit);
            }
            tripped = breaker.state() == CircuitBreakerState.OPEN;
        }
        assertThat(tripped).as("why the default window is 100, not 20").isTrue();
    }
}
