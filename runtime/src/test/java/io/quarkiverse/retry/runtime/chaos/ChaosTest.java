package io.quarkiverse.retry.runtime.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.RetryAdvice;
import io.quarkiverse.retry.RetryAdvised;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.DelayScheduler;
import io.quarkiverse.retry.runtime.core.Invoker;
import io.quarkiverse.retry.runtime.core.Jitter;
import io.quarkiverse.retry.runtime.core.Retrier;
import io.quarkiverse.retry.runtime.core.RetryPolicy;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * A seeded chaos test of the retry engine, plain Java on real threads and real timers: thousands of calls in the three
 * shapes (synchronous calls on a thread pool of 6, {@code Uni} subscriptions, {@code CompletionStage}s), started in
 * bursts of up to 2,000 at 2,500 a second on average (several hundred in flight at once),
 * through three {@link Retrier}s that share one {@link RetryBudget} and one {@link CircuitBreaker}, waiting on a
 * {@link DelayScheduler} backed by a {@link ScheduledThreadPoolExecutor} (waits of 0 to 5 ms; half of the
 * asynchronous callers run on one of two single-threaded "event loops", a context the waits hop back to).
 * <p>
 * Every call follows a plan drawn from the seed: per attempt an outcome (success, a retryable failure that asks for
 * a wait of 0 to 5 ms or leaves it to the jittered backoff, a failure that must not be retried, a result the policy
 * rejects, {@code null}) and, for {@code Uni} and {@code CompletionStage}, how it is delivered (thrown, already
 * resolved, completed later from another thread, after up to 3 ms or, now and then, up to 30 ms, or, for a {@code Uni}
 * that will be cancelled, never); a cancellation
 * of the {@code Uni} subscription at a random time (or inside {@code onSubscribe}); a cancellation or an outside
 * completion of the returned {@code CompletableFuture} from another thread at a random time. Thread interleavings and
 * timer jitter are not reproducible, but the plans are, and no assertion depends on timing.
 * <p>
 * Checked:
 * <ul>
 * <li>every call ends exactly once: its caller sees exactly one terminal signal (a result or its final failure), or,
 * for a cancelled {@code Uni}, none after the cancellation; the listener sees {@code callStarting} and
 * {@code callFinished} exactly once per call, with an outcome, an attempt count and a failure consistent with what
 * the caller got (and never another call's result or failure);</li>
 * <li>no attempt starts after the call's terminal signal, nor after its cancellation (or outside completion) once the
 * engine provably had a chance to see it. The benign race, an attempt whose engine-side check passed just before the
 * cancellation and that enters the method just after, is told apart without timing: every thread records a global
 * sequence number whenever the test hands control back to the engine (a task starts, an attempt returns); an attempt
 * that starts after a cancellation whose number is lower than its thread's last hand-off number is a bug, since the
 * engine checks for a cancellation between that hand-off and the attempt. At most one attempt per call may race;</li>
 * <li>attempts of a call never overlap, are numbered 1, 2, … as the listener says, and never exceed
 * {@code max-attempts};</li>
 * <li>the budget: at every granted retry, retries so far ≤ {@code ratio} × first attempts so far +
 * {@code min-retries-per-second} × window + one unit per thread that may race for the last one (the window, 300 s,
 * is longer than a run, so the bound of {@link RetryBudget}'s Javadoc covers the whole run); the budget's own counts
 * agree with the retries and denials the listener saw;</li>
 * <li>the breaker: every permit the engine takes for an attempt is given back exactly once, and once everything is
 * quiet the breaker admits an attempt again (it cannot be stuck refusing). This found that a cancelled {@code Uni}
 * attempt kept its permit, which left a half-open breaker refusing everything for good (see
 * {@code RetrierUniTest#cancellingARunningTrialGivesItsPermitBack});</li>
 * <li>timers: every timer the engine scheduled ran or was cancelled, none ran after its call had ended without the
 * engine having cancelled it, none is left on the executors, and no thread is left behind.</li>
 * </ul>
 * The fast version (5,000 calls, a few seconds) runs with the module's tests. A long run, or a replay of a failure
 * (every assertion message names the seed):
 *
 * <pre>
 * ./mvnw -B -o -pl runtime test -Dtest=ChaosTest -Dsurefire.failIfNoSpecifiedTests=false -Dchaos.calls=200000 -Dchaos.seed=42
 * </pre>
 *
 * {@code chaos.seed} defaults to a fixed seed, {@code chaos.calls} to 5,000 and {@code chaos.rate} (calls started per
 * second) to 2,500, so that 200,000 calls take about 80 s. The test prints what happened (calls, outcomes, attempts,
 * retries against the budget's bound, timers, threads) on standard output.
 */
class ChaosTest {

    static final long MS = 1_000_000L;
    static final long DEFAULT_SEED = 20_240_607L;
    static final int DEFAULT_CALLS = 5_000;
    /** Calls started per second, on average. */
    static final int DEFAULT_RATE = 2_500;

    /** The global sequence that orders cancellations, terminal signals and hand-offs to the engine. */
    static final AtomicLong SEQUENCE = new AtomicLong();
    /** Per thread: the sequence number of the last hand-off of control to the engine. */
    static final ThreadLocal<long[]> HANDED_OFF = ThreadLocal.withInitial(() -> new long[1]);
    /** Per thread: the call the engine code running there belongs to (for the listener and timer attribution). */
    static final ThreadLocal<Chaos.Call> CURRENT = new ThreadLocal<>();
    /** Per thread: the event loop it is (a caller's execution context), {@code null} elsewhere. */
    static final ThreadLocal<Loop> LOOP = new ThreadLocal<>();

    /** Control goes (back) to the engine on this thread: returns the sequence number recorded. */
    static long handOff() {
        long seq = SEQUENCE.incrementAndGet();
        HANDED_OFF.get()[0] = seq;
        return seq;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void chaos() throws Exception {
        long seed = Long.getLong("chaos.seed", DEFAULT_SEED);
        int calls = Integer.getInteger("chaos.calls", DEFAULT_CALLS);
        System.out.println("[chaos] seed=" + seed + " calls=" + calls + " (replay: -Dchaos.seed=" + seed
                + " -Dchaos.calls=" + calls + ")");
        Set<Thread> before = liveThreads();
        LongAdder dropped = new LongAdder();
        Infrastructure.setDroppedExceptionHandler(t -> dropped.increment());
        int rate = Integer.getInteger("chaos.rate", DEFAULT_RATE);
        // SmallRye Context Propagation (on the class path through quarkus-mutiny) registers its provider lazily, and
        // two threads doing it at once make one of them throw "ContextManagerProvider already set" from
        // Uni.createFrom(): Quarkus does it at startup, here one Uni made on this thread does
        Uni.createFrom().emitter(e -> e.complete("warm")).await().indefinitely();
        Chaos chaos = new Chaos(seed, calls, rate, dropped);
        try {
            chaos.run();
        } finally {
            Infrastructure.resetDroppedExceptionHandler();
            chaos.shutdownNow();
        }
        // no thread is left behind: ours were joined, so anything new is the engine's
        Set<Thread> extra = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            extra = liveThreads();
            extra.removeAll(before);
            if (extra.isEmpty()) {
                break;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        int after = liveThreads().size();
        System.out.println("[chaos] threads: " + before.size() + " before, " + chaos.threads.created.size()
                + " started by the test and joined, " + after + " after");
        assertThat(extra).as(chaos.tag() + " threads left behind").isEmpty();
    }

    static Set<Thread> liveThreads() {
        Set<Thread> live = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                live.add(t);
            }
        }
        return live;
    }

    // ---------------------------------------------------------------- plans

    enum Shape {
        SYNC,
        UNI,
        CS
    }

    enum Kind {
        SUCCESS,
        /** A retryable failure. */
        FAIL,
        /** A failure whose advice is not to retry. */
        FAIL_FOR_GOOD,
        /** A result the policy's test rejects (retried like a failure). */
        BAD_RESULT,
        /** {@code null} instead of a Uni or a stage (a retryable NullPointerException). */
        NULL
    }

    enum Mode {
        /** The method throws. */
        THROW,
        /** An already resolved Uni or stage. */
        RESOLVED,
        /** Completed later from another thread. */
        ASYNC,
        /** Never completes (only planned for a Uni subscription that will be cancelled). */
        HANG
    }

    enum Outside {
        NONE,
        /** Uni: cancel inside onSubscribe; CS: unused. */
        AT_ONCE,
        /** Uni: cancel the subscription; CS: cancel(false) the future. */
        CANCEL,
        /** CS: complete the future with a fallback. */
        COMPLETE,
        /** CS: complete the future exceptionally. */
        FAIL
    }

    record Attempt(Kind kind, Mode mode, long asyncDelayNanos, long advisedDelayNanos) {
        @Override
        public String toString() {
            return kind + "/" + mode + (mode == Mode.ASYNC ? "(" + asyncDelayNanos / 1000 + "us)" : "")
                    + (advisedDelayNanos >= 0 ? " wait " + advisedDelayNanos / 1000 + "us" : "");
        }
    }

    /** A planned failure of one attempt of one call. */
    static final class ChaosFailure extends RuntimeException implements RetryAdvised {
        final int call;
        final int attempt;
        final transient RetryAdvice advice;

        ChaosFailure(int call, int attempt, boolean retryable, long delayNanos) {
            super("call " + call + " attempt " + attempt, null, true, false);
            this.call = call;
            this.attempt = attempt;
            this.advice = !retryable ? RetryAdvice.doNotRetry("planned")
                    : delayNanos >= 0 ? RetryAdvice.retryAfter(Duration.ofNanos(delayNanos), "planned")
                            : RetryAdvice.NONE;
        }

        @Override
        public RetryAdvice retryAdvice() {
            return advice;
        }
    }

    /** What the test completes a future with from outside. */
    static final class OutsideFailure extends RuntimeException {
        OutsideFailure(int call) {
            super("outside " + call, null, false, false);
        }
    }

    static final Predicate<Object> BAD = v -> v instanceof String s && s.startsWith("bad:");

    // ---------------------------------------------------------------- threads and the scheduler

    /** Names and remembers every thread the test starts, so that it can join them. */
    static final class Threads {
        final List<Thread> created = new ArrayList<>();

        synchronized ThreadFactory factory(String prefix, Loop loop) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(() -> {
                    LOOP.set(loop);
                    r.run();
                }, prefix + "-" + n.incrementAndGet());
                t.setDaemon(true);
                synchronized (this) {
                    created.add(t);
                }
                return t;
            };
        }

        void join(long timeoutMillis) throws InterruptedException {
            List<Thread> copy;
            synchronized (this) {
                copy = new ArrayList<>(created);
            }
            for (Thread t : copy) {
                t.join(timeoutMillis);
            }
        }
    }

    /** A single-threaded executor standing for an event loop: the execution context of the callers on it. */
    static final class Loop {
        final String name;
        ThreadPoolExecutor executor;

        Loop(String name, Threads threads) {
            this.name = name;
            this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    threads.factory(name, this));
        }

        boolean idle() {
            return executor.getQueue().isEmpty() && executor.getActiveCount() == 0;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ---------------------------------------------------------------- one run

    static final class Chaos {
        final long seed;
        final int callCount;
        final LongAdder dropped;
        final Threads threads = new Threads();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        final AtomicInteger violationCount = new AtomicInteger();

        // the engine's side
        final ScheduledThreadPoolExecutor timers;
        final Loop[] loops;
        final Scheduler scheduler;
        final RetryBudget budget;
        final CircuitBreaker breaker;
        final Retrier[] retriers = new Retrier[Shape.values().length];

        // the test's side
        final ThreadPoolExecutor syncPool;
        final ThreadPoolExecutor callers;
        final ScheduledThreadPoolExecutor outside;
        final int racingThreads;

        // the budget: 300 s window (longer than any run), so its bound covers the whole run
        static final double RATIO = 0.4;
        static final double MIN_PER_SECOND = 0.05;
        static final long WINDOW_NANOS = 300_000 * MS;
        static final double BURST = 2.0;

        static final int BURST_MEAN = 1000;
        final int rate;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final Call[] calls;
        final CountDownLatch settled;
        final CountDownLatch finished;
        final AtomicLong deposits = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final LongAdder budgetDenials = new LongAdder();
        final LongAdder cancelledAttempts = new LongAdder();
        final LongAdder[] breakerResults = new LongAdder[CircuitBreakerListener.AttemptResult.values().length];
        final LongAdder breakerOpened = new LongAdder();
        final Map<RetryOutcome, LongAdder> outcomes = new EnumMap<>(RetryOutcome.class);
        long started;

        Chaos(long seed, int callCount, int rate, LongAdder dropped) {
            this.seed = seed;
            this.callCount = callCount;
            this.rate = rate;
            this.dropped = dropped;
            for (int i = 0; i < breakerResults.length; i++) {
                breakerResults[i] = new LongAdder();
            }
            for (RetryOutcome o : RetryOutcome.values()) {
                outcomes.put(o, new LongAdder());
            }
            timers = new ScheduledThreadPoolExecutor(2, threads.factory("chaos-timer", null));
            timers.setRemoveOnCancelPolicy(true);
            loops = new Loop[] { new Loop("chaos-loop-a", threads), new Loop("chaos-loop-b", threads) };
            scheduler = new Scheduler();
            syncPool = fixed(6, "chaos-sync");
            callers = fixed(2, "chaos-caller");
            outside = new ScheduledThreadPoolExecutor(2, threads.factory("chaos-outside", null));
            // every thread that may run a decision (and so race for the budget's last unit)
            racingThreads = 6 + 2 + 2 + 2 + 2;

            budget = new RetryBudget("shared", RATIO, MIN_PER_SECOND, WINDOW_NANOS, BURST, System::nanoTime);
            budget.available(); // records the budget's first slot now, with nothing counted yet
            RetryEvents events = new Events();
            breaker = new CircuitBreaker("chaos", 50, 0.75, 2 * MS, 2, System::nanoTime, events);
            SplittableRandom config = new SplittableRandom(seed);
            Random jitter = new Random(seed);
            Backoff backoff = new Backoff(MS, 5 * MS, 2.0, Jitter.FULL, jitter::nextDouble);
            for (Shape shape : Shape.values()) {
                int maxAttempts = 3 + config.nextInt(4);
                long maxDuration = shape == Shape.CS ? 15 * MS : RetryPolicy.NO_MAX_DURATION;
                RetryPolicy policy = new RetryPolicy("chaos-" + shape, maxAttempts, backoff, maxDuration,
                        List.of(Exception.class), List.of()).withResultFailure(BAD);
                retriers[shape.ordinal()] = new Retrier("Chaos#" + shape, policy, scheduler, () -> true,
                        System::nanoTime, budget, breaker, null, events, true, true);
            }
            calls = new Call[callCount];
            settled = new CountDownLatch(callCount);
            finished = new CountDownLatch(callCount);
        }

        ThreadPoolExecutor fixed(int n, String name) {
            return new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    threads.factory(name, null));
        }

        String tag() {
            return "[chaos seed=" + seed + " calls=" + callCount + "]";
        }

        void violation(Call call, String what) {
            if (violationCount.incrementAndGet() <= 50) {
                violations.add((call == null ? "" : call + ": ") + what);
            }
        }

        // ------------------------------------------------------------ the plan of every call

        Call plan(int id, SplittableRandom r) {
            Shape shape = Shape.values()[r.nextInt(3)];
            int maxAttempts = retriers[shape.ordinal()].policy().maxAttempts();
            Outside outsidePlan = Outside.NONE;
            long outsideDelay = 0;
            double u = r.nextDouble();
            if (shape == Shape.UNI) {
                outsidePlan = u < 0.05 ? Outside.AT_ONCE : u < 0.40 ? Outside.CANCEL : Outside.NONE;
            } else if (shape == Shape.CS) {
                outsidePlan = u < 0.15 ? Outside.CANCEL
                        : u < 0.28 ? Outside.COMPLETE
                                : u < 0.40 ? Outside.FAIL
                                        : Outside.NONE;
            }
            if (outsidePlan != Outside.NONE && outsidePlan != Outside.AT_ONCE && r.nextDouble() >= 0.25) {
                outsideDelay = (long) (r.nextDouble() * 10 * MS);
            }
            // failures come in waves, with a short outage now and then, so that the breaker opens and closes and the
            // budget runs dry now and then
            double p = id % 2500 >= 1200 && id % 2500 < 1400 ? 0.9
                    : 0.1 + 0.4 * (0.5 - 0.5 * Math.cos(2 * Math.PI * id / 1500.0));
            Attempt[] attempts = new Attempt[maxAttempts];
            for (int k = 0; k < maxAttempts; k++) {
                Kind kind = Kind.SUCCESS;
                if (r.nextDouble() < p) {
                    double v = r.nextDouble();
                    kind = v < 0.85 ? Kind.FAIL
                            : v < 0.90 ? Kind.FAIL_FOR_GOOD
                                    : v < 0.97 ? Kind.BAD_RESULT
                                            : shape == Shape.SYNC ? Kind.FAIL : Kind.NULL;
                }
                Mode mode = Mode.RESOLVED;
                long asyncDelay = 0;
                if (shape != Shape.SYNC) {
                    double m = r.nextDouble();
                    mode = m < 0.2 ? Mode.THROW : m < 0.55 ? Mode.RESOLVED : Mode.ASYNC;
                    if (mode == Mode.THROW && (kind == Kind.SUCCESS || kind == Kind.BAD_RESULT)) {
                        mode = Mode.RESOLVED;
                    }
                    if (shape == Shape.UNI && outsidePlan == Outside.CANCEL && r.nextDouble() < 0.15) {
                        mode = Mode.HANG;
                    }
                    if (mode == Mode.ASYNC && r.nextDouble() >= 0.3) {
                        // mostly quick, sometimes slow: slow attempts keep thousands of calls in flight at once
                        asyncDelay = (long) ((r.nextDouble() < 0.15 ? 5 + 25 * r.nextDouble()
                                : 0.05 + 3 * r.nextDouble()) * MS);
                    }
                }
                long advised = -1;
                if (r.nextDouble() < 0.5) {
                    advised = r.nextDouble() < 0.4 ? 0 : (long) ((0.05 + 4.95 * r.nextDouble()) * MS);
                }
                attempts[k] = new Attempt(kind, mode, asyncDelay, advised);
            }
            Loop loop = shape != Shape.SYNC && r.nextBoolean() ? loops[r.nextInt(loops.length)] : null;
            return new Call(id, shape, attempts, outsidePlan, outsideDelay, loop);
        }

        // ------------------------------------------------------------ the run

        void run() throws Exception {
            SplittableRandom master = new SplittableRandom(seed ^ 0x5DEECE66DL);
            SplittableRandom bursts = master.split();
            started = System.nanoTime();
            long next = started;
            for (int i = 0; i < callCount;) {
                // calls come in bursts of 1 to 2 × BURST_MEAN, `rate` a second overall: hundreds run at once
                int burst = Math.min(callCount - i, 1 + bursts.nextInt(2 * BURST_MEAN));
                for (int end = i + burst; i < end; i++) {
                    Call call = plan(i, master.split());
                    calls[i] = call;
                    switch (call.shape) {
                        case SYNC -> syncPool.execute(call::runSync);
                        case UNI -> (call.loop != null ? call.loop.executor : callers).execute(call::runUni);
                        case CS -> (call.loop != null ? call.loop.executor : callers).execute(call::runCs);
                    }
                }
                next += burst * 1_000_000_000L / rate;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            // once all are started, every call ends within milliseconds: a minute is generous on any machine
            long timeoutSeconds = 60;
            if (!settled.await(timeoutSeconds, TimeUnit.SECONDS)) {
                fail(tag() + " calls that never ended (no terminal signal, no cancellation) after " + timeoutSeconds
                        + " s:\n" + dump(c -> !c.settled.get()));
            }
            if (!finished.await(timeoutSeconds, TimeUnit.SECONDS)) {
                fail(tag() + " calls the listener never saw finish after " + timeoutSeconds + " s:\n"
                        + dump(c -> c.finished.get() == 0));
            }
            long ended = System.nanoTime();

            // quiet: the test's own tasks (late attempt completions, no-op cancellations) run, then the engine's
            outside.shutdown();
            callers.shutdown();
            syncPool.shutdown();
            assertThat(outside.awaitTermination(60, TimeUnit.SECONDS)).as(tag() + " outside tasks done").isTrue();
            assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).as(tag() + " callers done").isTrue();
            assertThat(syncPool.awaitTermination(60, TimeUnit.SECONDS)).as(tag() + " sync callers done").isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!quiet() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            int pending = timers.getQueue().size();
            for (Loop loop : loops) {
                pending += loop.executor.getQueue().size();
            }

            check();
            report(ended - started, pending);

            assertThat(violations).as(tag() + " " + violationCount.get() + " violations (the first 50)").isEmpty();
            assertThat(pending).as(tag() + " tasks still pending on the scheduler's executors after the run").isZero();
            assertThat(scheduler.scheduled.sum())
                    .as(tag() + " timers scheduled = timers run + timers cancelled before running")
                    .isEqualTo(scheduler.ran + scheduler.cancelled);
        }

        boolean quiet() {
            if (!timers.getQueue().isEmpty() || timers.getActiveCount() != 0) {
                return false;
            }
            for (Loop loop : loops) {
                if (!loop.idle()) {
                    return false;
                }
            }
            return true;
        }

        /** The checks made once everything is quiet. */
        void check() throws InterruptedException {
            long attempts = 0;
            for (Call c : calls) {
                c.check();
                attempts += c.entries.get();
            }
            // every breaker permit taken for an attempt is given back exactly once
            long given = breakerResults[CircuitBreakerListener.AttemptResult.SUCCESS.ordinal()].sum()
                    + breakerResults[CircuitBreakerListener.AttemptResult.FAILURE.ordinal()].sum()
                    + breakerResults[CircuitBreakerListener.AttemptResult.IGNORED.ordinal()].sum();
            if (given != attempts) {
                violation(null, "the breaker was told the outcome of " + given + " attempts, but " + attempts
                        + " attempts ran with a permit");
            }
            // once quiet, the breaker admits an attempt again (after its open delay at most)
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(breaker.delayNanos()) + 2);
            CircuitBreakerState state = breaker.state();
            int permit = breaker.tryAcquire();
            if (permit == CircuitBreaker.REFUSED) {
                violation(null, "the breaker refuses every attempt after the run (state " + state
                        + "): a permit was never given back");
            } else {
                breaker.onIgnored(permit);
            }
            // the budget
            long granted = retries.get();
            long elapsed = System.nanoTime() - started;
            if (elapsed < WINDOW_NANOS - 1_000 * MS) {
                long[] window = budget.windowCounts();
                if (window[1] != granted) {
                    violation(null, "the budget counted " + window[1] + " retries, the listener saw " + granted
                            + " retries scheduled");
                }
                if (window[0] > callCount) {
                    violation(null, "the budget counted " + window[0] + " first attempts for " + callCount + " calls");
                }
            }
            if (budget.denied() != budgetDenials.sum()) {
                violation(null, "the budget denied " + budget.denied() + " retries, the listener saw "
                        + budgetDenials.sum());
            }
            if (granted > bound(callCount)) {
                violation(null, "the budget granted " + granted + " retries, over its bound " + bound(callCount));
            }
            // timers
            for (Timer t : scheduler.all) {
                t.check();
            }
        }

        /** The budget's documented bound for {@code firstAttempts} first attempts, plus the racing threads. */
        double bound(long firstAttempts) {
            return RATIO * firstAttempts + MIN_PER_SECOND * (WINDOW_NANOS / 1e9) + racingThreads;
        }

        String dump(Predicate<Call> which) {
            StringBuilder b = new StringBuilder();
            int n = 0;
            for (Call c : calls) {
                if (c != null && which.test(c)) {
                    if (++n <= 20) {
                        b.append("  ").append(c.state()).append('\n');
                    }
                }
            }
            return b.append("  (").append(n).append(" in all)").toString();
        }

        void report(long nanos, int pending) {
            long[] n = new long[Shape.values().length];
            long[] successes = new long[n.length];
            long[] badResults = new long[n.length];
            long[] failures = new long[n.length];
            long[] cancelled = new long[n.length];
            long[] racedTerminals = new long[n.length];
            long[] outsideWon = new long[n.length];
            long[] outsideLost = new long[n.length];
            long[] attempts = new long[n.length];
            long[] retried = new long[n.length];
            long raced = 0;
            for (Call c : calls) {
                int s = c.shape.ordinal();
                n[s]++;
                attempts[s] += c.entries.get();
                retried[s] += c.retries.get();
                raced += c.racedAttempts.get();
                if (c.outsideWon) {
                    outsideWon[s]++;
                } else if (c.signals.get() == 0) {
                    cancelled[s]++;
                } else if (c.deliveredFailure != null) {
                    failures[s]++;
                } else if (BAD.test(c.deliveredValue)) {
                    badResults[s]++;
                } else {
                    successes[s]++;
                }
                if (c.outsidePlan != Outside.NONE && !c.outsideWon && c.shape == Shape.CS) {
                    outsideLost[s]++;
                }
                if (c.racedTerminal) {
                    racedTerminals[s]++;
                }
            }
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "[chaos] seed=%d calls=%d in %.2f s (at most %d in flight at once)%n",
                    seed, callCount, nanos / 1e9, maxInFlight.get()));
            for (Shape shape : Shape.values()) {
                int s = shape.ordinal();
                b.append(String.format(Locale.ROOT,
                        "[chaos]   %-4s max-attempts=%d calls=%d successes=%d ended-on-a-rejected-result=%d final-failures=%d"
                                + " cancelled=%d (terminal racing the cancellation: %d) outside-completions=%d"
                                + " (lost to the engine: %d) attempts=%d retries=%d%n",
                        shape, retriers[s].policy().maxAttempts(), n[s], successes[s], badResults[s], failures[s],
                        cancelled[s], racedTerminals[s], outsideWon[s], outsideLost[s], attempts[s], retried[s]));
            }
            StringBuilder o = new StringBuilder();
            outcomes.forEach((k, v) -> {
                if (v.sum() > 0) {
                    o.append(' ').append(k).append('=').append(v.sum());
                }
            });
            b.append("[chaos]   outcomes:").append(o).append('\n');
            b.append(String.format(Locale.ROOT,
                    "[chaos]   budget: retries granted=%d, bound ratio*first-attempts+min*window=%.1f (+%d racing threads),"
                            + " denied=%d, first attempts counted=%.0f of %d%n",
                    retries.get(), RATIO * callCount + MIN_PER_SECOND * WINDOW_NANOS / 1e9, racingThreads,
                    budget.denied(), budget.deposits(), callCount));
            b.append(String.format(Locale.ROOT,
                    "[chaos]   breaker: opened %d times, attempt results success=%d failure=%d ignored=%d rejected=%d%n",
                    breaker.timesOpened(), breakerResults[0].sum(), breakerResults[1].sum(), breakerResults[2].sum(),
                    breakerResults[3].sum()));
            b.append(String.format(Locale.ROOT,
                    "[chaos]   timers: scheduled=%d ran=%d cancelled=%d ran-after-their-call-ended=%d pending-after=%d;"
                            + " attempts racing a cancellation=%d, attempts cancelled in flight=%d, dropped failures=%d%n",
                    scheduler.scheduled.sum(), scheduler.ran, scheduler.cancelled, scheduler.stale.sum(),
                    pending, raced, cancelledAttempts.sum(), dropped.sum()));
            System.out.print(b);
        }

        void shutdownNow() throws InterruptedException {
            for (ExecutorService e : new ExecutorService[] { outside, callers, syncPool, timers, loops[0].executor,
                    loops[1].executor }) {
                e.shutdownNow();
            }
            for (ExecutorService e : new ExecutorService[] { outside, callers, syncPool, timers, loops[0].executor,
                    loops[1].executor }) {
                e.awaitTermination(10, TimeUnit.SECONDS);
            }
            threads.join(10_000);
        }

        // ------------------------------------------------------------ the listener

        final class Events implements RetryEvents {
            final RetryListener listener = new Listener();

            @Override
            public RetryListener forMethod(RetryTarget target) {
                return listener;
            }

            @Override
            public CircuitBreakerListener forCircuitBreaker(CircuitBreaker b) {
                return new CircuitBreakerListener() {
                    @Override
                    public void attempt(AttemptResult result) {
                        breakerResults[result.ordinal()].increment();
                    }

                    @Override
                    public void stateChanged(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
                        if (to == CircuitBreakerState.OPEN) {
                            breakerOpened.increment();
                        }
                    }
                };
            }
        }

        final class Listener implements RetryListener {
            @Override
            public boolean observesCalls() {
                return true;
            }

            @Override
            public Object callStarting() {
                Call call = CURRENT.get();
                if (call == null) {
                    violation(null, "callStarting on a thread running no call (" + Thread.currentThread().getName()
                            + ")");
                    return null;
                }
                if (call.starting.incrementAndGet() != 1) {
                    violation(call, "callStarting reported twice");
                }
                return call;
            }

            @Override
            public Object attemptStarting(Object trace, int attempt) {
                ((Call) trace).listenerAttempt = attempt;
                return null;
            }

            @Override
            public void retryScheduled(Object trace, int attempt, long delayNanos, Throwable failure) {
                Call call = (Call) trace;
                call.retries.incrementAndGet();
                long granted = retries.incrementAndGet();
                long firstAttempts = deposits.get();
                if (granted > bound(firstAttempts)) {
                    violation(call, "retry " + granted + " granted with " + firstAttempts
                            + " first attempts so far, over the budget's bound " + bound(firstAttempts));
                }
                if (call.plan[attempt - 1].kind == Kind.SUCCESS) {
                    violation(call, "retry scheduled after a successful attempt " + attempt + ", failure " + failure);
                }
                if (attempt != call.entries.get()) {
                    violation(call, "retry scheduled after attempt " + attempt + " while " + call.entries.get()
                            + " attempts ran");
                }
            }

            @Override
            public void budgetDenied(RetryBudget b, int attempt, Throwable failure) {
                budgetDenials.increment();
            }

            @Override
            public void callFinished(Object trace, RetryOutcome outcome, boolean retried, int attempts,
                    Throwable failure) {
                Call call = (Call) trace;
                if (call == null) {
                    return;
                }
                if (call.finished.incrementAndGet() != 1) {
                    violation(call, "callFinished reported again, with " + outcome + " after " + call.outcome);
                    return;
                }
                call.outcome = outcome;
                call.reportedAttempts = attempts;
                call.reportedFailure = failure;
                call.reportedRetried = retried;
                outcomes.get(outcome).increment();
                finished.countDown();
            }
        }

        // ------------------------------------------------------------ the scheduler

        final class Scheduler implements DelayScheduler {
            final LongAdder scheduled = new LongAdder();
            final LongAdder stale = new LongAdder();
            /** Counted once quiet: timers that ran, and timers cancelled before they ran. */
            long ran;
            long cancelled;
            final Queue<Timer> all = new ConcurrentLinkedQueue<>();

            @Override
            public Object captureContext() {
                return LOOP.get();
            }

            @Override
            public boolean isOnContext(Object context) {
                return context == null || LOOP.get() == context;
            }

            @Override
            public Cancellable schedule(Object context, long delayNanos, Runnable task) {
                Call call = CURRENT.get();
                if (call == null) {
                    violation(null, "a wait scheduled on a thread running no call (" + Thread.currentThread().getName()
                            + ")");
                }
                if (delayNanos < 0 || delayNanos > 5 * MS) {
                    violation(call, "a wait of " + delayNanos + " ns");
                }
                Timer timer = new Timer(call, task);
                scheduled.increment();
                all.add(timer);
                if (context == null) {
                    timer.future = timers.schedule(timer, delayNanos, TimeUnit.NANOSECONDS);
                } else {
                    Loop loop = (Loop) context;
                    if (delayNanos == 0) {
                        loop.executor.execute(timer);
                    } else {
                        timer.future = timers.schedule(() -> loop.executor.execute(timer), delayNanos,
                                TimeUnit.NANOSECONDS);
                    }
                }
                return timer;
            }
        }

        /** One wait the engine scheduled. */
        final class Timer implements Runnable, Cancellable {
            final Call call;
            final Runnable task;
            volatile ScheduledFuture<?> future;
            final AtomicBoolean ran = new AtomicBoolean();
            volatile boolean cancelInvoked;
            volatile boolean cancelled;
            volatile long startSeq;
            volatile boolean stale;

            Timer(Call call, Runnable task) {
                this.call = call;
                this.task = task;
            }

            @Override
            public void run() {
                long seq = handOff();
                if (!ran.compareAndSet(false, true)) {
                    violation(call, "a timer ran twice");
                    return;
                }
                startSeq = seq;
                if (call != null) {
                    long terminal = call.terminalSeq;
                    if (terminal != 0 && terminal < seq) {
                        violation(call, "a timer ran after the call's terminal signal");
                    }
                    long cancel = call.cancelSeq;
                    if (cancel != 0 && cancel < seq) {
                        stale = true;
                        scheduler.stale.increment();
                    }
                }
                CURRENT.set(call);
                try {
                    task.run();
                } finally {
                    CURRENT.remove();
                }
            }

            @Override
            public void cancel() {
                cancelInvoked = true;
                ScheduledFuture<?> f = future;
                if (f != null && f.cancel(false)) {
                    cancelled = true; // also true for a timer already running (FutureTask semantics)
                }
            }

            void check() {
                if (ran.get()) {
                    scheduler.ran++;
                } else if (cancelled) {
                    scheduler.cancelled++;
                } else {
                    violation(call, "a timer neither ran nor was cancelled");
                }
                if (stale && !cancelInvoked) {
                    violation(call, "a timer ran after the call was cancelled, and the engine never cancelled it");
                }
            }
        }

        // ------------------------------------------------------------ one call

        final class Call implements Invoker.OnTarget, UniSubscriber<Object> {
            final int id;
            final Shape shape;
            final Attempt[] plan;
            final Outside outsidePlan;
            final long outsideDelayNanos;
            final Loop loop;
            final Retrier retrier;

            final AtomicInteger entries = new AtomicInteger();
            final AtomicInteger starting = new AtomicInteger();
            final AtomicInteger retries = new AtomicInteger();
            final AtomicInteger racedAttempts = new AtomicInteger();
            /** The attempts whose outcome the test delivered so far. */
            volatile int completedAttempts;
            volatile int listenerAttempt;
            /** Sequence number of the cancellation (or of an outside completion that took effect), 0 before. */
            volatile long cancelSeq;
            /** Sequence number of the engine's terminal signal, 0 before. */
            volatile long terminalSeq;
            volatile boolean racedTerminal;
            final AtomicInteger signals = new AtomicInteger();
            volatile Object deliveredValue;
            volatile Throwable deliveredFailure;
            final AtomicBoolean settled = new AtomicBoolean();

            final AtomicInteger finished = new AtomicInteger();
            volatile RetryOutcome outcome;
            volatile int reportedAttempts;
            volatile Throwable reportedFailure;
            volatile boolean reportedRetried;

            volatile UniSubscription subscription;
            volatile CompletableFuture<Object> future;
            volatile boolean outsideWon;
            final Object fallback;
            final OutsideFailure outsideFailure;

            Call(int id, Shape shape, Attempt[] plan, Outside outsidePlan, long outsideDelayNanos, Loop loop) {
                this.id = id;
                this.shape = shape;
                this.plan = plan;
                this.outsidePlan = outsidePlan;
                this.outsideDelayNanos = outsideDelayNanos;
                this.loop = loop;
                this.retrier = retriers[shape.ordinal()];
                this.fallback = outsidePlan == Outside.COMPLETE ? "fallback:" + id : null;
                this.outsideFailure = outsidePlan == Outside.FAIL ? new OutsideFailure(id) : null;
            }

            @Override
            public String toString() {
                return "call " + id + " (" + shape + (loop != null ? " on " + loop : "") + ")";
            }

            String state() {
                return this + " plan=" + List.of(plan) + " outside=" + outsidePlan + "@"
                        + outsideDelayNanos / 1000 + "us attempts=" + entries.get() + " completed=" + completedAttempts
                        + " cancelSeq=" + cancelSeq + " signals=" + signals.get() + " finished=" + finished.get()
                        + " outcome=" + outcome + " settled=" + settled.get();
            }

            void settle() {
                if (settled.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                    Chaos.this.settled.countDown();
                }
            }

            void later(long delayNanos, Runnable task) {
                if (delayNanos == 0) {
                    outside.execute(task);
                } else {
                    outside.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                }
            }

            // -------------------------------------------------------- the three shapes

            void runSync() {
                handOff();
                CURRENT.set(this);
                deposits.incrementAndGet();
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Object value = retrier.callSync(this, this);
                    terminal(value, null);
                } catch (Throwable t) {
                    terminal(null, t);
                } finally {
                    CURRENT.remove();
                }
            }

            void runUni() {
                handOff();
                CURRENT.set(this);
                deposits.incrementAndGet();
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    retrier.retryUni(this, this).subscribe().withSubscriber(this);
                } finally {
                    CURRENT.remove();
                }
            }

            void runCs() {
                handOff();
                CURRENT.set(this);
                deposits.incrementAndGet();
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    CompletableFuture<Object> f = retrier.retryCompletionStage(this, this);
                    future = f;
                    f.whenComplete(this::completed);
                    if (outsidePlan != Outside.NONE) {
                        later(outsideDelayNanos, this::completeFromOutside);
                    }
                } finally {
                    CURRENT.remove();
                }
            }

            // -------------------------------------------------------- Uni subscriber

            @Override
            public void onSubscribe(UniSubscription s) {
                subscription = s;
                if (outsidePlan == Outside.AT_ONCE) {
                    cancelFromOutside();
                } else if (outsidePlan == Outside.CANCEL) {
                    later(outsideDelayNanos, this::cancelFromOutside);
                }
            }

            @Override
            public void onItem(Object item) {
                terminal(item, null);
            }

            @Override
            public void onFailure(Throwable failure) {
                terminal(null, failure);
            }

            void cancelFromOutside() {
                Call previous = CURRENT.get();
                CURRENT.set(this);
                try {
                    subscription.cancel();
                    cancelSeq = SEQUENCE.incrementAndGet();
                    handOff();
                    settle();
                } finally {
                    CURRENT.set(previous);
                }
            }

            // -------------------------------------------------------- CompletionStage

            void completeFromOutside() {
                handOff();
                CURRENT.set(this);
                try {
                    CompletableFuture<Object> f = future;
                    boolean won = switch (outsidePlan) {
                        case CANCEL -> f.cancel(false);
                        case COMPLETE -> f.complete(fallback);
                        case FAIL -> f.completeExceptionally(outsideFailure);
                        default -> false;
                    };
                    if (won) {
                        cancelSeq = SEQUENCE.incrementAndGet();
                        handOff();
                    }
                } finally {
                    CURRENT.remove();
                }
            }

            void completed(Object value, Throwable failure) {
                boolean fromOutside = outsidePlan != Outside.NONE
                        && (failure instanceof CancellationException || failure == outsideFailure && failure != null
                                || value == fallback && value != null);
                if (fromOutside) {
                    outsideWon = true;
                    settle();
                } else {
                    terminal(value, failure);
                }
            }

            // -------------------------------------------------------- what the caller sees

            /** The engine's terminal signal: a result or the final failure. */
            void terminal(Object value, Throwable failure) {
                long seq = SEQUENCE.incrementAndGet();
                if (signals.incrementAndGet() != 1) {
                    violation(this, "a second terminal signal: " + (failure != null ? failure : value) + " after "
                            + (deliveredFailure != null ? deliveredFailure : deliveredValue));
                    return;
                }
                deliveredValue = value;
                deliveredFailure = failure;
                terminalSeq = seq;
                long cancel = cancelSeq;
                if (cancel != 0) {
                    if (cancel < HANDED_OFF.get()[0]) {
                        violation(this, "a terminal signal after the cancellation: "
                                + (failure != null ? failure : value));
                    } else {
                        racedTerminal = true;
                    }
                }
                settle();
            }

            // -------------------------------------------------------- an attempt

            @Override
            public Object invoke(Object target) throws Exception {
                int k = entries.incrementAndGet();
                long handedOff = HANDED_OFF.get()[0];
                if (k > plan.length) {
                    violation(this, "attempt " + k + " of at most " + plan.length);
                    throw new IllegalStateException("attempt " + k + " of at most " + plan.length);
                }
                if (listenerAttempt != k) {
                    violation(this, "attempt " + k + " started, the listener was told attempt " + listenerAttempt);
                }
                if (terminalSeq != 0) {
                    violation(this, "attempt " + k + " started after the call's terminal signal");
                }
                long cancel = cancelSeq;
                if (cancel != 0) {
                    if (cancel < handedOff) {
                        violation(this, "attempt " + k + " started after the cancellation");
                    } else if (racedAttempts.incrementAndGet() > 1) {
                        violation(this, "a second attempt (" + k + ") racing the cancellation");
                    }
                }
                if (completedAttempts != k - 1) {
                    violation(this, "attempt " + k + " started while attempt " + (completedAttempts + 1) + " runs: "
                            + state());
                }
                if (CURRENT.get() != this) {
                    violation(this, "attempt " + k + " on a thread running " + CURRENT.get());
                }
                Attempt a = plan[k - 1];
                Object value = switch (a.kind) {
                    case SUCCESS -> "ok:" + id + ":" + k;
                    case BAD_RESULT -> "bad:" + id + ":" + k;
                    default -> null;
                };
                RuntimeException failure = a.kind == Kind.FAIL || a.kind == Kind.FAIL_FOR_GOOD
                        ? new ChaosFailure(id, k, a.kind == Kind.FAIL, a.advisedDelayNanos)
                        : null;
                if (shape == Shape.SYNC) {
                    return finish(k, value, failure);
                }
                if (a.kind == Kind.NULL) {
                    completedAttempts = k;
                    handOff();
                    return null;
                }
                try {
                    return attempt(k, a, value, failure);
                } catch (ChaosFailure planned) {
                    throw planned;
                } catch (RuntimeException unplanned) {
                    violation(this, "attempt " + k + " failed in the test's own code: " + unplanned);
                    throw unplanned;
                }
            }

            private Object attempt(int k, Attempt a, Object value, RuntimeException failure) {
                switch (a.mode) {
                    case THROW:
                        return finish(k, value, failure);
                    case RESOLVED:
                        completedAttempts = k;
                        handOff();
                        if (shape == Shape.UNI) {
                            return failure != null ? Uni.createFrom().failure(failure) : Uni.createFrom().item(value);
                        }
                        return failure != null ? CompletableFuture.failedFuture(failure)
                                : CompletableFuture.completedFuture(value);
                    case HANG:
                        handOff();
                        return Uni.createFrom().emitter(e -> e.onTermination(cancelledAttempts::increment));
                    default: // ASYNC
                        handOff();
                        if (shape == Shape.UNI) {
                            return Uni.createFrom().emitter(e -> later(a.asyncDelayNanos,
                                    () -> completeAttempt(k, value, failure, e, null)));
                        }
                        CompletableFuture<Object> stage = new CompletableFuture<>();
                        later(a.asyncDelayNanos, () -> completeAttempt(k, value, failure, null, stage));
                        return stage;
                }
            }

            private Object finish(int k, Object value, RuntimeException failure) {
                completedAttempts = k;
                handOff();
                if (failure != null) {
                    throw failure;
                }
                return value;
            }

            private void completeAttempt(int k, Object value, RuntimeException failure, UniEmitter<Object> emitter,
                    CompletableFuture<Object> stage) {
                handOff();
                CURRENT.set(this);
                try {
                    completedAttempts = k;
                    if (emitter != null) {
                        if (failure != null) {
                            emitter.fail(failure);
                        } else {
                            emitter.complete(value);
                        }
                    } else if (failure != null) {
                        stage.completeExceptionally(failure);
                    } else {
                        stage.complete(value);
                    }
                } finally {
                    CURRENT.remove();
                }
            }

            // -------------------------------------------------------- once quiet

            void check() {
                if (starting.get() != 1) {
                    violation(this, "callStarting reported " + starting.get() + " times");
                }
                if (finished.get() != 1) {
                    violation(this, "callFinished reported " + finished.get() + " times");
                    return;
                }
                int ran = entries.get();
                int reported = reportedAttempts;
                if (cancelSeq != 0 ? reported > ran || ran - reported > 1 : reported != ran) {
                    violation(this, ran + " attempts ran, callFinished reported " + reported);
                }
                if (cancelSeq == 0 && reportedRetried != (retries.get() > 0)) {
                    violation(this, "callFinished says retried=" + reportedRetried + " after " + retries.get()
                            + " retries");
                }
                boolean engineEnded = signals.get() == 1;
                if (shape == Shape.SYNC && !engineEnded) {
                    violation(this, "a synchronous call that neither returned nor threw");
                    return;
                }
                if (!engineEnded) {
                    // cancelled, or completed from outside
                    if (cancelSeq == 0) {
                        violation(this, "no terminal signal, and no cancellation took effect");
                    } else if (shape == Shape.UNI && outcome != RetryOutcome.INTERRUPTED) {
                        violation(this, "cancelled without a terminal signal, but callFinished says " + outcome);
                    }
                    return;
                }
                if (outcome == RetryOutcome.INTERRUPTED) {
                    violation(this, "a terminal signal, but callFinished says INTERRUPTED");
                    return;
                }
                Throwable failure = deliveredFailure;
                if (failure == null) {
                    String expected = (outcome == RetryOutcome.SUCCESS ? "ok:" : "bad:") + id + ":" + reported;
                    if (!expected.equals(deliveredValue)) {
                        violation(this, "got " + deliveredValue + " with outcome " + outcome + " after " + reported
                                + " attempts");
                    }
                    return;
                }
                switch (outcome) {
                    case SUCCESS -> violation(this, "outcome SUCCESS, but the caller got " + failure);
                    case CIRCUIT_OPEN -> {
                        if (!(failure instanceof CircuitBreakerOpenException)) {
                            violation(this, "outcome CIRCUIT_OPEN, but the caller got " + failure);
                        }
                    }
                    default -> {
                        if (failure != reportedFailure) {
                            violation(this, "the caller got " + failure + ", callFinished reported " + reportedFailure);
                        }
                        if (failure instanceof ChaosFailure chaos) {
                            if (chaos.call != id || chaos.attempt != reported) {
                                violation(this, "got " + failure + " after " + reported + " attempts");
                            }
                            Kind kind = plan[chaos.attempt - 1].kind;
                            if ((outcome == RetryOutcome.NOT_RETRYABLE) != (kind == Kind.FAIL_FOR_GOOD)) {
                                violation(this, "outcome " + outcome + " after a " + kind + " attempt");
                            }
                            if (outcome == RetryOutcome.EXHAUSTED && reported != plan.length) {
                                violation(this, "EXHAUSTED after " + reported + " of " + plan.length + " attempts");
                            }
                        } else if (!(failure instanceof NullPointerException
                                && plan[reported - 1].kind == Kind.NULL)) {
                            violation(this, "got " + failure + " (" + outcome + ") after " + reported + " attempts");
                        }
                    }
                }
            }
        }
    }
}
