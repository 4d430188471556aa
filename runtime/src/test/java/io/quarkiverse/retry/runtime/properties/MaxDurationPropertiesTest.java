package io.quarkiverse.retry.runtime.properties;

import static io.quarkiverse.retry.runtime.properties.Generators.HOUR;
import static io.quarkiverse.retry.runtime.properties.Generators.LIMIT;
import static io.quarkiverse.retry.runtime.properties.Generators.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.DelayScheduler;
import io.quarkiverse.retry.runtime.core.Invoker;
import io.quarkiverse.retry.runtime.core.Retrier;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.quarkiverse.retry.runtime.properties.Generators.Settings;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * {@code max-duration} over random policies, driving a real {@link Retrier} with an invoker that always fails, a fake
 * clock and a listener recording every scheduled wait: no wait ends after {@code start + max-duration} (so the waits
 * never add up past it), and a sequence stops for max-duration only when the next wait would end past it.
 * <p>
 * The clock is advanced by each wait and by each attempt (attempts take random time too). The waits are replayed
 * with an identical backoff, so the property also checks that the engine asks the backoff for exactly the waits it
 * schedules, and that the wait it refused indeed ended too late.
 * <p>
 * Each property is checked on a fixed number of random cases, reproducible from a seed (see {@link Tries}).
 */
class MaxDurationPropertiesTest {

    /** A policy with a max-duration, how long each attempt takes, and where the clock starts. */
    record Case(Settings backoff, int maxAttempts, long maxDuration, List<Long> attemptNanos, long clockStart) {

        RetryPolicy policy() {
            return new RetryPolicy("props", maxAttempts, backoff.backoff(), maxDuration, List.of(Exception.class),
                    List.of());
        }
    }

    /** The fake clock, the scheduled waits and how the call ended. */
    static class Run implements RetryEvents, RetryListener {
        long now;
        final long start;
        final List<long[]> scheduled = new ArrayList<>(); // { when, wait }
        RetryOutcome outcome;
        int attempts;
        int finished;

        Run(long start) {
            this.now = start;
            this.start = start;
        }

        @Override
        public RetryListener forMethod(RetryTarget target) {
            return this;
        }

        @Override
        public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
            scheduled.add(new long[] { now, delayNanos });
        }

        @Override
        public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
            this.outcome = outcome;
            this.attempts = attempts;
            finished++;
        }
    }

    /** Virtual time: a wait moves the fake clock to its end, then runs the task. */
    static final class VirtualScheduler implements DelayScheduler {
        private final Run run;
        private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0] - b[0], 0));
        private final List<Runnable> tasks = new ArrayList<>();

        VirtualScheduler(Run run) {
            this.run = run;
        }

        @Override
        public Object captureContext() {
            return null;
        }

        @Override
        public boolean isOnContext(Object context) {
            return true;
        }

        @Override
        public Cancellable schedule(Object context, long delayNanos, Runnable task) {
            assertThat(delayNanos).isNotNegative();
            due.add(new long[] { run.now + delayNanos, tasks.size() });
            tasks.add(task);
            return () -> {
            }; // a call cancels its last timer once it completes: the task already ran
        }

        void runAll() {
            int runs = 0;
            while (!due.isEmpty()) {
                assertThat(++runs).as("runaway sequence").isLessThan(10_000);
                long[] next = due.poll();
                run.now = next[0];
                tasks.get((int) next[1]).run();
            }
        }
    }

    /**
     * Non-blocking ({@code CompletionStage}) calls in virtual time, over the whole range of delays: minutes to hours
     * and up to {@code Long.MAX_VALUE / 4} nanoseconds.
     */
    @Test
    void noWaitEndsPastMaxDurationInVirtualTime() {
        int[] stoppedAfterRetrying = { 0 };
        int[] exhaustedAfterRetrying = { 0 };
        int checked = Tries.forAll(300, MaxDurationPropertiesTest::cases, c -> {
            Run run = noWaitEndsPastMaxDurationInVirtualTime(c);
            if (!run.scheduled.isEmpty()) {
                stoppedAfterRetrying[0] += run.outcome == RetryOutcome.MAX_DURATION ? 1 : 0;
                exhaustedAfterRetrying[0] += run.outcome == RetryOutcome.EXHAUSTED ? 1 : 0;
            }
        });
        // the sequences that matter most are common: stopped by max-duration after retrying, and run to the end
        if (!Tries.replaying()) {
            assertThat(100.0 * stoppedAfterRetrying[0] / checked)
                    .as("%% of the cases stopped by max-duration after retrying, seed %s", Tries.SEED)
                    .isGreaterThanOrEqualTo(5);
            assertThat(100.0 * exhaustedAfterRetrying[0] / checked)
                    .as("%% of the cases that ran to max-attempts after retrying, seed %s", Tries.SEED)
                    .isGreaterThanOrEqualTo(5);
        }
    }

    private static Run noWaitEndsPastMaxDurationInVirtualTime(Case c) {
        Run run = new Run(c.clockStart());
        VirtualScheduler scheduler = new VirtualScheduler(run);
        Retrier retrier = new Retrier("props#call", c.policy(), scheduler, () -> true, () -> run.now, null, null, null,
                run);
        int[] calls = { 0 };
        CompletableFuture<Object> result = retrier.retryCompletionStage(() -> {
            run.now += c.attemptNanos().get(calls[0]++ % c.attemptNanos().size());
            if (calls[0] % 2 == 0) {
                throw new IllegalStateException("attempt " + calls[0]);
            }
            return CompletableFuture.failedFuture(new IllegalStateException("attempt " + calls[0]));
        });
        scheduler.runAll();
        assertThat(result).isCompletedExceptionally();
        check(c, run, calls[0]);
        return run;
    }

    /**
     * Synchronous calls. A synchronous wait really sleeps, so these policies wait microseconds (the listener moves the
     * fake clock by each wait, the invoker by each attempt).
     */
    @Test
    void noWaitEndsPastMaxDurationSynchronously() {
        Tries.forAll(50, MaxDurationPropertiesTest::smallCases,
                MaxDurationPropertiesTest::noWaitEndsPastMaxDurationSynchronously);
    }

    private static void noWaitEndsPastMaxDurationSynchronously(Case c) {
        Run run = new Run(c.clockStart()) {
            @Override
            public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
                super.retryScheduled(attempt, delayNanos, failure);
                now += delayNanos; // the sleep that follows
            }
        };
        Retrier retrier = new Retrier("props#call", c.policy(), new VirtualScheduler(run), () -> true, () -> run.now,
                null, null, null, run);
        int[] calls = { 0 };
        Invoker invoker = () -> {
            run.now += c.attemptNanos().get(calls[0]++ % c.attemptNanos().size());
            throw new IllegalStateException("attempt " + calls[0]);
        };
        assertThatThrownBy(() -> retrier.callSync(Invoker.SELF, invoker)).isInstanceOf(IllegalStateException.class);
        check(c, run, calls[0]);
    }

    private static void check(Case c, Run run, int calls) {
        assertThat(run.finished).as("calls finished").isEqualTo(1);
        assertThat(run.attempts).as("attempts").isEqualTo(calls).isEqualTo(run.scheduled.size() + 1);
        long total = 0;
        for (long[] wait : run.scheduled) {
            long elapsed = wait[0] - run.start;
            // written as differences: start + max-duration may overflow
            assertThat(wait[1]).as("a wait of %s ns at %s ns into the sequence, max-duration %s ns", wait[1], elapsed,
                    c.maxDuration()).isLessThanOrEqualTo(c.maxDuration() - elapsed);
            total += wait[1];
        }
        assertThat(total).as("the waits add up").isLessThanOrEqualTo(c.maxDuration());

        // replay: the same backoff (a fresh copy of the same random source) gives the same waits
        Backoff replay = c.backoff().backoff();
        long previous = c.backoff().base();
        long now = run.start;
        for (int n = 1; n < calls; n++) {
            long wait = replay.delayNanos(n, previous);
            now += c.attemptNanos().get((n - 1) % c.attemptNanos().size());
            assertThat(run.scheduled.get(n - 1)).as("retry %s", n).containsExactly(now, wait);
            now += wait;
            previous = wait;
        }
        now += c.attemptNanos().get((calls - 1) % c.attemptNanos().size());
        if (run.outcome == RetryOutcome.MAX_DURATION) {
            assertThat(calls).as("attempts").isLessThan(c.maxAttempts());
            long refused = replay.delayNanos(calls, previous);
            assertThat(refused).as("the refused wait, %s ns into the sequence", now - run.start)
                    .isGreaterThan(c.maxDuration() - (now - run.start));
        } else {
            assertThat(run.outcome).isEqualTo(RetryOutcome.EXHAUSTED);
            assertThat(calls).as("attempts").isEqualTo(c.maxAttempts());
        }
    }

    static Case cases(SplittableRandom r) {
        Settings s = Generators.settings(r);
        int maxAttempts = Generators.between(r, 1, 40);
        long duration = switch (Generators.weighted(r, 3, 2, 1, 1)) {
            case 0 -> Generators.between(r, 1, HOUR);
            case 1 -> Generators.between(r, 1, LIMIT);
            case 2 -> Generators.between(r, 1, 1000L);
            // up to Long.MAX_VALUE / 2: the clock can then run on for 146 years without elapsed times overflowing
            default -> Generators.oneOf(r, 1L, LIMIT, Long.MAX_VALUE / 2);
        };
        // half the max-durations are a multiple of max-delay, so that sequences often stop after a few retries
        boolean relative = r.nextBoolean();
        double k = Generators.decimal(r, 0.01, 20, 3);
        List<Long> attemptNanos = Generators.list(r, 1, 5, MaxDurationPropertiesTest::attemptNanos);
        long start = clockStart(r);
        return new Case(s, maxAttempts,
                relative ? (long) Math.max(1, Math.min(Long.MAX_VALUE / 2, k * s.max())) : duration, attemptNanos,
                start);
    }

    /** How long an attempt takes. */
    private static long attemptNanos(SplittableRandom r) {
        return switch (Generators.weighted(r, 3, 3, 2, 1)) {
            case 0 -> 0L;
            case 1 -> Generators.between(r, 0, 10 * MS);
            case 2 -> Generators.between(r, 0, HOUR);
            default -> Generators.between(r, 0, LIMIT / 64);
        };
    }

    static Case smallCases(SplittableRandom r) {
        Settings s = Generators.settings(r);
        long base = Generators.between(r, 0, 200_000L);
        long extra = Generators.between(r, 0, 800_000L);
        Settings settings = new Settings(s.jitter(), base, base + extra, s.multiplier(), s.factor(), s.randoms());
        int maxAttempts = Generators.between(r, 1, 8);
        long maxDuration = Generators.between(r, 1, 1_500_000L);
        List<Long> attemptNanos = Generators.list(r, 1, 3, random -> Generators.between(random, 0, 100_000L));
        return new Case(settings, maxAttempts, maxDuration, attemptNanos, clockStart(r));
    }

    /** Where the fake clock starts: {@code System.nanoTime()} may be anything, negative included. */
    private static long clockStart(SplittableRandom r) {
        return switch (Generators.weighted(r, 2, 2, 1)) {
            case 0 -> 0L;
            case 1 -> Generators.between(r, -Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
            default -> Generators.oneOf(r, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        };
    }
}
