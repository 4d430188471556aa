package io.quarkiverse.retry.runtime.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Test-only helpers: random sources, delay schedulers (immediate, executor-backed and virtual time), policies and
 * counting invokers.
 */
final class TestSupport {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    private TestSupport() {
    }

    // ---------------------------------------------------------------- random sources

    static RandomSource constant(double value) {
        return () -> value;
    }

    /** A reproducible {@link java.util.Random}-backed source. */
    static RandomSource seeded(long seed) {
        Random random = new Random(seed);
        return random::nextDouble;
    }

    // ---------------------------------------------------------------- policies

    static RetryPolicy policy(int maxAttempts, Backoff backoff) {
        return policy(maxAttempts, backoff, RetryPolicy.NO_MAX_DURATION);
    }

    static RetryPolicy policy(int maxAttempts, Backoff backoff, long maxDurationNanos) {
        return new RetryPolicy("test", maxAttempts, backoff, maxDurationNanos, List.of(Exception.class), List.of());
    }

    static Backoff noDelay() {
        return new Backoff(0, 0, 1.0, Jitter.NONE, constant(0.5));
    }

    static Backoff fixed(long nanos) {
        return new Backoff(nanos, nanos, 1.0, Jitter.NONE, constant(0.5));
    }

    static Backoff exponential(long baseNanos, long maxNanos, double multiplier) {
        return new Backoff(baseNanos, maxNanos, multiplier, Jitter.NONE, constant(0.5));
    }

    // ---------------------------------------------------------------- invokers

    /** Counts its invocations and answers each from a function of the (1-based) invocation number. */
    static final class CountingInvoker implements Invoker {
        interface Step {
            Object apply(int call) throws Exception;
        }

        final AtomicInteger calls = new AtomicInteger();
        private final Step step;

        CountingInvoker(Step step) {
            this.step = step;
        }

        @Override
        public Object invoke() throws Exception {
            return step.apply(calls.incrementAndGet());
        }

        int calls() {
            return calls.get();
        }
    }

    /** Creates numbered failures so tests can check which instance ends up where. */
    static final class Failures {
        final List<Exception> created = new ArrayList<>();
        private final Supplier<String> prefix;

        Failures() {
            this(() -> "failure");
        }

        Failures(Supplier<String> prefix) {
            this.prefix = prefix;
        }

        synchronized Exception next() {
            Exception e = new IllegalStateException(prefix.get() + " #" + (created.size() + 1));
            created.add(e);
            return e;
        }

        synchronized Exception get(int index) {
            return created.get(index);
        }

        synchronized List<Exception> all() {
            return new ArrayList<>(created);
        }
    }

    // ---------------------------------------------------------------- schedulers

    /** Base: no context, always "on context"; records every scheduled delay and context. */
    abstract static class RecordingScheduler implements DelayScheduler {
        final List<Long> delays = new ArrayList<>();
        final List<Object> contexts = new ArrayList<>();
        Object context;
        boolean onContext = true;

        @Override
        public Object captureContext() {
            return context;
        }

        @Override
        public boolean isOnContext(Object context) {
            return onContext;
        }

        @Override
        public final Cancellable schedule(Object context, long delayNanos, Runnable task) {
            synchronized (this) {
                delays.add(delayNanos);
                contexts.add(context);
            }
            return doSchedule(delayNanos, task);
        }

        synchronized List<Long> delays() {
            return new ArrayList<>(delays);
        }

        abstract Cancellable doSchedule(long delayNanos, Runnable task);
    }

    /** Runs every task at once on the calling thread, ignoring the delay. */
    static final class ImmediateScheduler extends RecordingScheduler {
        @Override
        Cancellable doSchedule(long delayNanos, Runnable task) {
            task.run();
            return () -> {
            };
        }
    }

    /** Runs tasks after their (real) delay on an executor. */
    static final class ExecutorScheduler extends RecordingScheduler {
        private final ScheduledExecutorService executor;

        ExecutorScheduler(ScheduledExecutorService executor) {
            this.executor = executor;
        }

        @Override
        Cancellable doSchedule(long delayNanos, Runnable task) {
            ScheduledFuture<?> future = executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        }
    }

    /**
     * Virtual time: records tasks without running them. {@link #runNext()} advances the clock to the task's due time
     * and runs it. {@link #clock()} reads the virtual time.
     */
    static final class VirtualTimeScheduler extends RecordingScheduler {
        final AtomicLong now = new AtomicLong();
        final List<Scheduled> tasks = new ArrayList<>();

        final class Scheduled implements Cancellable {
            final long scheduledAt;
            final long delay;
            final Runnable task;
            volatile boolean cancelled;
            volatile boolean ran;

            Scheduled(long scheduledAt, long delay, Runnable task) {
                this.scheduledAt = scheduledAt;
                this.delay = delay;
                this.task = task;
            }

            long dueAt() {
                return scheduledAt + delay;
            }

            @Override
            public void cancel() {
                cancelled = true;
            }

            /** Runs the task whether or not it was cancelled (to check that a late timer is harmless). */
            void runAnyway() {
                ran = true;
                task.run();
            }
        }

        @Override
        Cancellable doSchedule(long delayNanos, Runnable task) {
            Scheduled scheduled = new Scheduled(now.get(), delayNanos, task);
            synchronized (this) {
                tasks.add(scheduled);
            }
            return scheduled;
        }

        LongSupplier clock() {
            return now::get;
        }

        synchronized List<Scheduled> tasks() {
            return new ArrayList<>(tasks);
        }

        synchronized Scheduled last() {
            return tasks.get(tasks.size() - 1);
        }

        /** Runs the earliest pending task (not cancelled, not run), advancing the clock; false if none. */
        boolean runNext() {
            Scheduled next = null;
            synchronized (this) {
                for (Scheduled s : tasks) {
                    if (!s.cancelled && !s.ran && (next == null || s.dueAt() < next.dueAt())) {
                        next = s;
                    }
                }
            }
            if (next == null) {
                return false;
            }
            now.set(Math.max(now.get(), next.dueAt()));
            next.runAnyway();
            return true;
        }

        /** Runs pending tasks until none is left (bounded, to fail rather than hang). */
        int runAll() {
            int runs = 0;
            while (runNext()) {
                if (++runs > 100_000) {
                    throw new AssertionError("runaway retry sequence");
                }
            }
            return runs;
        }
    }

    // ---------------------------------------------------------------- logging

    /** Turns the retry log category off while {@code body} runs (for tests with thousands of retries). */
    static void withRetryLogOff(ThrowingRunnable body) throws Exception {
        Logger logger = Logger.getLogger(RetryLog.CATEGORY);
        Level saved = logger.getLevel();
        logger.setLevel(Level.OFF);
        try {
            body.run();
        } finally {
            logger.setLevel(saved);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
