package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.SECOND;
import static io.quarkiverse.retry.runtime.core.TestSupport.constant;
import static io.quarkiverse.retry.runtime.core.TestSupport.exponential;
import static io.quarkiverse.retry.runtime.core.TestSupport.fixed;
import static io.quarkiverse.retry.runtime.core.TestSupport.noDelay;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static io.quarkiverse.retry.runtime.core.TestSupport.withRetryLogOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.RetryAdvice;
import io.quarkiverse.retry.RetryAdvised;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.core.TestSupport.CountingInvoker;
import io.quarkiverse.retry.runtime.core.TestSupport.ExecutorScheduler;
import io.quarkiverse.retry.runtime.core.TestSupport.Failures;
import io.quarkiverse.retry.runtime.core.TestSupport.ImmediateScheduler;
import io.quarkiverse.retry.runtime.core.TestSupport.RecordingScheduler;
import io.quarkiverse.retry.runtime.core.TestSupport.VirtualTimeScheduler;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener.AttemptResult;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

@Timeout(20)
class RetrierUniTest {

    private static final String METHOD = "com.acme.Foo#uni";
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final LongSupplier NO_CLOCK = () -> {
        throw new AssertionError("the clock must not be read without max-duration");
    };

    private static ScheduledExecutorService executor;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    private static Retrier retrier(RetryPolicy policy, DelayScheduler scheduler) {
        return retrier(policy, scheduler, NO_CLOCK);
    }

    private static Retrier retrier(RetryPolicy policy, DelayScheduler scheduler, LongSupplier clock) {
        return new Retrier(METHOD, policy, scheduler, () -> {
            throw new AssertionError("non-blocking retries never ask whether they may block");
        }, clock);
    }

    private static <T> UniAssertSubscriber<T> subscribe(Uni<T> uni) {
        return uni.subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    /** Fails with a fresh failure (thrown or as a failed Uni, alternating) until {@code successOn}. */
    private static CountingInvoker failingUntil(int successOn, Failures failures) {
        return new CountingInvoker(call -> {
            if (call >= successOn) {
                return Uni.createFrom().item("ok " + call);
            }
            if (call % 2 == 0) {
                throw failures.next();
            }
            return Uni.createFrom().failure(failures.next());
        });
    }

    // ---------------------------------------------------------------- laziness and subscriptions

    @Test
    void lazyUntilSubscribed() {
        ImmediateScheduler scheduler = new ImmediateScheduler();
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().item("ok"));
        Uni<String> uni = retrier(policy(3, noDelay()), scheduler).retryUni(invoker);
        assertThat(invoker.calls()).isZero();
        subscribe(uni).assertCompleted().assertItem("ok");
        assertThat(invoker.calls()).isEqualTo(1);
    }

    @Test
    void everySubscriptionRunsItsOwnSequence() {
        ImmediateScheduler scheduler = new ImmediateScheduler();
        List<Exception> created = Collections.synchronizedList(new ArrayList<>());
        CountingInvoker invoker = new CountingInvoker(call -> {
            Exception e = new IOException("call " + call);
            created.add(e);
            return Uni.createFrom().failure(e);
        });
        Uni<Object> uni = retrier(policy(3, noDelay()), scheduler).retryUni(invoker);

        Throwable first = subscribe(uni).assertFailed().getFailure();
        assertThat(invoker.calls()).isEqualTo(3);
        Throwable second = subscribe(uni).assertFailed().getFailure();
        assertThat(invoker.calls()).isEqualTo(6);

        assertThat(first).isSameAs(created.get(2));
        assertThat(first.getSuppressed()).containsExactly(created.get(0), created.get(1));
        assertThat(second).isSameAs(created.get(5));
        assertThat(second.getSuppressed()).containsExactly(created.get(3), created.get(4));
    }

    @Test
    void eachSubscriptionRetriesIndependently() {
        // a shared invoker failing on odd calls: each subscription sees one failure then a success
        CountingInvoker invoker = new CountingInvoker(call -> call % 2 == 1
                ? Uni.createFrom().failure(new IOException("odd " + call))
                : Uni.createFrom().item(call));
        Uni<Integer> uni = retrier(policy(2, noDelay()), new ImmediateScheduler()).retryUni(invoker);
        subscribe(uni).assertItem(2);
        subscribe(uni).assertItem(4);
        subscribe(uni).assertItem(6);
        assertThat(invoker.calls()).isEqualTo(6);
    }

    // ---------------------------------------------------------------- the downstream's subscription protocol

    /** Records the signals a downstream receives, in order. */
    private static final class SignalRecorder<T> implements UniSubscriber<T> {
        final List<String> signals = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch terminated = new CountDownLatch(1);

        @Override
        public void onSubscribe(UniSubscription subscription) {
            signals.add("subscribe");
        }

        @Override
        public void onItem(T item) {
            signals.add("item " + item);
            terminated.countDown();
        }

        @Override
        public void onFailure(Throwable failure) {
            signals.add("failure " + failure.getMessage());
            terminated.countDown();
        }
    }

    private static List<String> signalsOf(Uni<String> uni) throws InterruptedException {
        SignalRecorder<String> recorder = new SignalRecorder<>();
        uni.subscribe().withSubscriber(recorder);
        assertThat(recorder.terminated.await(10, TimeUnit.SECONDS)).as("terminated").isTrue();
        return recorder.signals;
    }

    @Test
    void oneSubscriptionBeforeTheOutcomeWhateverTheAttemptsReturn() throws Exception {
        ImmediateScheduler now = new ImmediateScheduler();
        ExecutorScheduler later = new ExecutorScheduler(executor);
        // resolved item on the first attempt
        assertThat(signalsOf(retrier(policy(3, noDelay()), now)
                .retryUni(new CountingInvoker(call -> Uni.createFrom().item("ok")))))
                .containsExactly("subscribe", "item ok");
        // resolved failures, then a thrown one: exhausted before anything asynchronous happened
        assertThat(signalsOf(retrier(policy(2, noDelay()), now).retryUni(new CountingInvoker(call -> {
            if (call == 1) {
                return Uni.createFrom().failure(new IOException("first"));
            }
            throw new IOException("second");
        })))).containsExactly("subscribe", "failure second");
        // an attempt that completes later, on another thread
        assertThat(signalsOf(retrier(policy(3, noDelay()), now).retryUni(new CountingInvoker(
                call -> Uni.createFrom().item("async").emitOn(executor)))))
                .containsExactly("subscribe", "item async");
        // a real wait between two resolved attempts
        assertThat(signalsOf(retrier(policy(3, fixed(MS)), later).retryUni(new CountingInvoker(
                call -> call == 1 ? Uni.createFrom().failure(new IOException("first")) : Uni.createFrom().item("waited")))))
                .containsExactly("subscribe", "item waited");
    }

    /** Resolved attempts (read without subscribing them) behave like any other: items delivered, failures retried. */
    @Test
    void resolvedAttemptsAreDeliveredAndRetriedLikeAnyOther() {
        CountingInvoker failing = new CountingInvoker(call -> call < 3
                ? Uni.createFrom().failure(new IOException("resolved failure " + call))
                : Uni.createFrom().item("ok " + call));
        subscribe(retrier(policy(3, noDelay()), new ImmediateScheduler()).retryUni(failing)).assertItem("ok 3");
        assertThat(failing.calls()).isEqualTo(3);
        CountingInvoker exhausted = new CountingInvoker(
                call -> Uni.createFrom().failure(new IOException("resolved failure " + call)));
        Throwable failure = subscribe(retrier(policy(2, noDelay()), new ImmediateScheduler()).retryUni(exhausted))
                .assertFailed().getFailure();
        assertThat(failure).hasMessage("resolved failure 2");
        assertThat(failure.getSuppressed()).hasSize(1);
    }

    /**
     * A cancellation racing with the start of an attempt that does not complete at once: either the attempt is never
     * subscribed, or it is subscribed and then cancelled; never left running.
     */
    @Test
    void cancellationRacingTheFirstAttemptNeverLeavesItRunning() throws Exception {
        ExecutorScheduler scheduler = new ExecutorScheduler(executor);
        int subscribedAndCancelled = 0;
        int neverSubscribed = 0;
        for (int i = 0; i < 2_000; i++) {
            AtomicBoolean attemptSubscribed = new AtomicBoolean();
            AtomicBoolean attemptCancelled = new AtomicBoolean();
            CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().<String> emitter(emitter -> {
                attemptSubscribed.set(true);
                emitter.onTermination(() -> attemptCancelled.set(true));
            }));
            CompletableFuture<UniSubscription> handed = new CompletableFuture<>();
            Thread canceller = new Thread(() -> handed.join().cancel());
            canceller.start();
            retrier(policy(3, noDelay()), scheduler).<String> retryUni(invoker).subscribe()
                    .withSubscriber(new UniSubscriber<String>() {
                        @Override
                        public void onSubscribe(UniSubscription subscription) {
                            handed.complete(subscription);
                        }

                        @Override
                        public void onItem(String item) {
                            throw new AssertionError("no item expected");
                        }

                        @Override
                        public void onFailure(Throwable failure) {
                            throw new AssertionError("no failure expected", failure);
                        }
                    });
            canceller.join(10_000);
            if (attemptSubscribed.get()) {
                assertThat(attemptCancelled).as("run %d: a subscribed attempt is cancelled", i).isTrue();
                subscribedAndCancelled++;
            } else {
                neverSubscribed++;
            }
            assertThat(invoker.calls()).isLessThanOrEqualTo(1);
        }
        assertThat(subscribedAndCancelled + neverSubscribed).isEqualTo(2_000);
    }

    // ---------------------------------------------------------------- success and exhaustion

    @ParameterizedTest(name = "{0} failures")
    @ValueSource(ints = { 0, 1, 2, 3, 4 })
    void succeedsAfterKFailuresInPlace(int k) {
        Failures failures = new Failures();
        CountingInvoker invoker = failingUntil(k + 1, failures);
        RecordingScheduler scheduler = new ImmediateScheduler();
        subscribe(retrier(policy(5, noDelay()), scheduler).<String> retryUni(invoker))
                .assertCompleted().assertItem("ok " + (k + 1));
        assertThat(invoker.calls()).isEqualTo(k + 1);
        assertThat(scheduler.delays()).as("zero waits on the context run in place").isEmpty();
    }

    @ParameterizedTest(name = "{0} failures")
    @ValueSource(ints = { 1, 2, 3 })
    void succeedsAfterKFailuresWithRealTimers(int k) {
        Failures failures = new Failures();
        CountingInvoker invoker = failingUntil(k + 1, failures);
        ExecutorScheduler scheduler = new ExecutorScheduler(executor);
        UniAssertSubscriber<String> subscriber = subscribe(
                retrier(policy(5, fixed(MS)), scheduler).<String> retryUni(invoker));
        subscriber.awaitItem(AWAIT).assertItem("ok " + (k + 1));
        assertThat(invoker.calls()).isEqualTo(k + 1);
        assertThat(scheduler.delays()).hasSize(k).containsOnly(MS);
    }

    @Test
    void succeedsWhenAttemptsFailAsynchronously() {
        Failures failures = new Failures();
        CountingInvoker invoker = new CountingInvoker(call -> call < 4
                ? Uni.createFrom().<String> failure(failures.next()).emitOn(executor)
                : Uni.createFrom().item("async ok").emitOn(executor));
        subscribe(retrier(policy(5, noDelay()), new ImmediateScheduler()).<String> retryUni(invoker))
                .awaitItem(AWAIT).assertItem("async ok");
        assertThat(invoker.calls()).isEqualTo(4);
    }

    @Test
    void exhaustionGivesTheLastFailureWithEarlierOnesSuppressed() {
        Failures failures = new Failures();
        CountingInvoker invoker = failingUntil(Integer.MAX_VALUE, failures);
        Throwable failure = subscribe(retrier(policy(4, noDelay()), new ImmediateScheduler()).retryUni(invoker))
                .assertFailed().getFailure();
        assertThat(invoker.calls()).isEqualTo(4);
        assertThat(failure).isSameAs(failures.get(3));
        assertThat(failure.getSuppressed()).containsExactly(failures.get(0), failures.get(1), failures.get(2));
    }

    @Test
    void exhaustionWithRealTimersAndAsynchronousFailures() {
        Failures failures = new Failures();
        CountingInvoker invoker = new CountingInvoker(
                call -> Uni.createFrom().failure(failures.next()).emitOn(executor));
        Throwable failure = subscribe(retrier(policy(3, fixed(MS)), new ExecutorScheduler(executor)).retryUni(invoker))
                .awaitFailure(AWAIT).getFailure();
        assertThat(invoker.calls()).isEqualTo(3);
        assertThat(failure).isSameAs(failures.get(2));
        assertThat(failure.getSuppressed()).containsExactly(failures.get(0), failures.get(1));
    }

    @Test
    void sameInstanceOnEveryAttemptDoesNotSelfSuppress() {
        IOException same = new IOException("same");
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(same));
        Throwable failure = subscribe(retrier(policy(4, noDelay()), new ImmediateScheduler()).retryUni(invoker))
                .assertFailed().getFailure();
        assertThat(failure).isSameAs(same);
        assertThat(failure.getSuppressed()).isEmpty();
        assertThat(invoker.calls()).isEqualTo(4);
    }

    @Test
    void nonRetryableFailurePropagatesAtOnce() {
        RetryPolicy policy = new RetryPolicy("p", 5, noDelay(), RetryPolicy.NO_MAX_DURATION,
                List.of(Exception.class), List.of(IllegalArgumentException.class));
        IllegalArgumentException abort = new IllegalArgumentException("abort");
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(abort));
        subscribe(retrier(policy, new ImmediateScheduler()).retryUni(invoker)).assertFailed();
        assertThat(invoker.calls()).isEqualTo(1);

        AssertionError error = new AssertionError("not an exception");
        CountingInvoker throwing = new CountingInvoker(call -> {
            throw error;
        });
        Throwable failure = subscribe(retrier(policy(5, noDelay()), new ImmediateScheduler()).retryUni(throwing))
                .assertFailed().getFailure();
        assertThat(failure).isSameAs(error);
        assertThat(throwing.calls()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- waits

    @Test
    void schedulesExponentialWaitsOnTheCapturedContext() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        Object context = new Object();
        scheduler.context = context;
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(new IOException()));
        UniAssertSubscriber<Object> subscriber = subscribe(
                retrier(policy(5, exponential(100 * MS, 500 * MS, 2.0)), scheduler).retryUni(invoker));
        assertThat(invoker.calls()).isEqualTo(1);
        scheduler.runAll();
        subscriber.assertFailed();
        assertThat(invoker.calls()).isEqualTo(5);
        assertThat(scheduler.delays()).containsExactly(100 * MS, 200 * MS, 400 * MS, 500 * MS);
        assertThat(scheduler.contexts).containsOnly(context);
    }

    @Test
    void zeroWaitOffTheContextIsScheduled() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        scheduler.onContext = false;
        CountingInvoker invoker = new CountingInvoker(call -> call < 3
                ? Uni.createFrom().failure(new IOException())
                : Uni.createFrom().item("ok"));
        UniAssertSubscriber<String> subscriber = subscribe(
                retrier(policy(5, noDelay()), scheduler).<String> retryUni(invoker));
        assertThat(invoker.calls()).as("the retry waits for the scheduler").isEqualTo(1);
        scheduler.runAll();
        subscriber.assertItem("ok");
        assertThat(scheduler.delays()).containsExactly(0L, 0L);
    }

    @Test
    void decorrelatedJitterReceivesThePreviousWait() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        Backoff backoff = new Backoff(100 * MS, SECOND, 2.0, Jitter.DECORRELATED, constant(0.5));
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(new IOException()));
        subscribe(retrier(policy(6, backoff), scheduler).retryUni(invoker));
        scheduler.runAll();
        // d(n) = base + 0.5 * (3 d(n-1) - base), d(0) = base, capped at 1 s
        assertThat(scheduler.delays()).containsExactly(200 * MS, 350 * MS, 575 * MS, 912_500_000L, SECOND);
    }

    @Test
    void maxDurationWithVirtualTime() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        scheduler.now.set(77 * SECOND);
        long maxDuration = 250 * MS;
        Failures failures = new Failures();
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(failures.next()));
        UniAssertSubscriber<Object> subscriber = subscribe(
                retrier(policy(100, fixed(100 * MS), maxDuration), scheduler, scheduler.clock()).retryUni(invoker));
        scheduler.runAll();
        Throwable failure = subscriber.assertFailed().getFailure();
        // waits end at 100 and 200 ms; a third would end at 300 ms > 250 ms
        assertThat(invoker.calls()).isEqualTo(3);
        assertThat(failure).isSameAs(failures.get(2));
        for (VirtualTimeScheduler.Scheduled task : scheduler.tasks()) {
            assertThat(task.dueAt() - 77 * SECOND).isLessThanOrEqualTo(maxDuration);
        }
    }

    // ---------------------------------------------------------------- cancellation

    @Test
    void cancellationDuringAWaitCancelsTheTimerAndStopsRetrying() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(new IOException()));
        UniAssertSubscriber<Object> subscriber = subscribe(
                retrier(policy(5, fixed(SECOND)), scheduler).retryUni(invoker));
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(scheduler.tasks()).hasSize(1);
        VirtualTimeScheduler.Scheduled timer = scheduler.last();
        assertThat(timer.delay).isEqualTo(SECOND);

        subscriber.cancel();
        assertThat(timer.cancelled).as("timer cancelled").isTrue();

        timer.runAnyway(); // a timer that fires anyway must not start an attempt
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(scheduler.tasks()).hasSize(1);
        subscriber.assertNotTerminated();
    }

    /**
     * The timer of attempt 2's failure can be scheduled (by another thread) before {@code schedule} of attempt 1's
     * failure has returned; cancelling must still cancel the pending (second) timer, not the stale first one.
     */
    @Test
    void cancellationCancelsThePendingTimerWhenTheTimerFiredBeforeScheduleReturned() throws Exception {
        List<VirtualTimeScheduler.Scheduled> handles = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger scheduleCalls = new AtomicInteger();
        DelayScheduler racy = new DelayScheduler() {
            @Override
            public Object captureContext() {
                return null;
            }

            @Override
            public boolean isOnContext(Object context) {
                return true;
            }

            @Override
            public Cancellable schedule(Object context, long delayNanos,
                    Runnable task) {
                VirtualTimeScheduler.Scheduled handle = new VirtualTimeScheduler().new Scheduled(0, delayNanos, task);
                handles.add(handle);
                if (scheduleCalls.incrementAndGet() == 1) {
                    // a very short timer fires on another thread before schedule() returns
                    Thread timerThread = new Thread(handle::runAnyway);
                    timerThread.start();
                    try {
                        timerThread.join(5_000);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                return handle;
            }
        };
        CompletableFuture<String> firstAttempt = new CompletableFuture<>();
        CountingInvoker invoker = new CountingInvoker(call -> call == 1
                ? Uni.createFrom().completionStage(firstAttempt)
                : Uni.createFrom().failure(new IOException("attempt " + call)));
        UniAssertSubscriber<String> subscriber = subscribe(
                retrier(policy(5, fixed(MS)), racy).<String> retryUni(invoker));
        firstAttempt.completeExceptionally(new IOException("attempt 1")); // fails outside the retry loop
        assertThat(invoker.calls()).isEqualTo(2);
        assertThat(handles).hasSize(2);

        subscriber.cancel();
        assertThat(handles.get(1).cancelled).as("the pending timer of attempt 2's failure is cancelled").isTrue();
        handles.get(1).runAnyway();
        assertThat(invoker.calls()).isEqualTo(2);
    }

    @Test
    void cancellationDuringAnAttemptCancelsItAndStopsRetrying() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        AtomicBoolean attemptCancelled = new AtomicBoolean();
        CompletableFuture<String> pending = new CompletableFuture<>();
        CountingInvoker invoker = new CountingInvoker(call -> call == 1
                ? Uni.createFrom().failure(new IOException())
                : Uni.createFrom().completionStage(pending).onCancellation().invoke(() -> attemptCancelled.set(true)));
        UniAssertSubscriber<String> subscriber = subscribe(
                retrier(policy(5, fixed(SECOND)), scheduler).<String> retryUni(invoker));
        scheduler.runNext();
        assertThat(invoker.calls()).isEqualTo(2);

        subscriber.cancel();
        assertThat(attemptCancelled).isTrue();
        pending.completeExceptionally(new IOException("late"));
        assertThat(scheduler.runAll()).isZero();
        assertThat(invoker.calls()).isEqualTo(2);
        subscriber.assertNotTerminated();
    }

    @Test
    void cancellationBeforeTheFirstAttemptStartsNothing() {
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().item("never"));
        UniAssertSubscriber<String> subscriber = new UniAssertSubscriber<>(true); // cancels in onSubscribe
        retrier(policy(3, noDelay()), new ImmediateScheduler()).<String> retryUni(invoker).subscribe()
                .withSubscriber(subscriber);
        assertThat(invoker.calls()).isZero();
        subscriber.assertNotTerminated();
    }

    /** A failure that asks to be retried at once. */
    private static final class RetryAtOnce extends IOException implements RetryAdvised {
        @Override
        public RetryAdvice retryAdvice() {
            return RetryAdvice.retryAfter(Duration.ZERO, "at once");
        }
    }

    /**
     * Found by ChaosTest: attempts that fail at once and are retried at once run in a loop without anything to
     * cancel, so a cancellation then only sets a flag; one that came while the engine decided on the first real wait
     * was seen only after that wait was scheduled, and the engine removed the timer but never ended the call (no
     * callFinished, ever).
     */
    @Test
    void cancellationWhileTheFirstWaitIsDecidedStillEndsTheCall() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        List<RetryOutcome> finished = Collections.synchronizedList(new ArrayList<>());
        UniAssertSubscriber<Object> subscriber = UniAssertSubscriber.create();
        RetryEvents events = new RetryEvents() {
            @Override
            public RetryListener forMethod(RetryTarget target) {
                return new RetryListener() {
                    @Override
                    public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
                        if (attempt == 2) {
                            subscriber.cancel(); // the caller cancels between the decision and the wait
                        }
                    }

                    @Override
                    public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
                        finished.add(outcome);
                    }
                };
            }
        };
        CountingInvoker invoker = new CountingInvoker(
                call -> Uni.createFrom().failure(call == 1 ? new RetryAtOnce() : new IOException("second")));
        new Retrier(METHOD, policy(3, fixed(100 * MS)), scheduler, () -> true, NO_CLOCK, null, null, null, events)
                .retryUni(invoker).subscribe().withSubscriber(subscriber);

        assertThat(scheduler.last().cancelled).as("the timer was removed").isTrue();
        assertThat(finished).as("the call was ended").containsExactly(RetryOutcome.INTERRUPTED);
        assertThat(scheduler.delays()).containsExactly(100 * MS);
        assertThat(scheduler.runAll()).isZero();
        assertThat(invoker.calls()).isEqualTo(2);
        subscriber.assertNotTerminated();
    }

    /** A breaker whose next attempt is its only trial (opened by one failure, its delay already over). */
    private static CircuitBreaker halfOpenBreaker(List<AttemptResult> results) {
        AtomicLong now = new AtomicLong();
        CircuitBreaker breaker = new CircuitBreaker("test", 1, 1.0, SECOND, 1, now::get, new RetryEvents() {
            @Override
            public CircuitBreakerListener forCircuitBreaker(CircuitBreaker b) {
                return new CircuitBreakerListener() {
                    @Override
                    public void attempt(AttemptResult result) {
                        results.add(result);
                    }
                };
            }
        });
        breaker.onFailure(breaker.tryAcquire());
        now.addAndGet(SECOND);
        results.clear();
        return breaker;
    }

    private static Retrier retrier(RetryPolicy policy, CircuitBreaker breaker) {
        return new Retrier(METHOD, policy, new ImmediateScheduler(), () -> true, NO_CLOCK, null, breaker, null,
                RetryEvents.NONE);
    }

    /** Found by ChaosTest: a cancelled trial kept its permit, and the half-open breaker refused every attempt after. */
    @Test
    void cancellingARunningTrialGivesItsPermitBack() {
        List<AttemptResult> results = Collections.synchronizedList(new ArrayList<>());
        CircuitBreaker breaker = halfOpenBreaker(results);
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().nothing());
        UniAssertSubscriber<Object> subscriber = subscribe(retrier(policy(3, noDelay()), breaker).retryUni(invoker));
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(breaker.isRefusing()).as("the only trial runs").isTrue();

        subscriber.cancel();

        assertThat(breaker.isRefusing()).as("the cancelled trial gave its permit back").isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.HALF_OPEN); // counted neither way
        assertThat(results).containsExactly(AttemptResult.IGNORED);
        int permit = breaker.tryAcquire();
        assertThat(permit).isNotEqualTo(CircuitBreaker.REFUSED);
        breaker.onSuccess(permit);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    /** An attempt that delivers its outcome although it was cancelled: the permit is given back once, not twice. */
    @Test
    void anOutcomeRacingTheCancellationIsReportedOnce() {
        List<AttemptResult> results = Collections.synchronizedList(new ArrayList<>());
        CircuitBreaker breaker = halfOpenBreaker(results);
        List<UniSubscriber<? super Object>> attempts = new ArrayList<>();
        Uni<Object> deaf = new AbstractUni<>() { // ignores cancellation
            @Override
            public void subscribe(UniSubscriber<? super Object> subscriber) {
                attempts.add(subscriber);
                subscriber.onSubscribe(() -> {
                });
            }
        };
        UniAssertSubscriber<Object> cancelled = subscribe(
                retrier(policy(3, noDelay()), breaker).retryUni(new CountingInvoker(call -> deaf)));
        cancelled.cancel();
        attempts.get(0).onItem("late");
        attempts.get(0).onFailure(new IOException("later"));
        assertThat(results).containsExactly(AttemptResult.IGNORED);
        cancelled.assertNotTerminated();

        // the other way round: the outcome first, then the cancellation
        results.clear();
        UniAssertSubscriber<Object> succeeded = subscribe(
                retrier(policy(3, noDelay()), breaker).retryUni(new CountingInvoker(call -> deaf)));
        attempts.get(1).onItem("in time");
        succeeded.cancel();
        assertThat(results).containsExactly(AttemptResult.SUCCESS);
        succeeded.assertItem("in time");
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    // ---------------------------------------------------------------- long sequences

    @Test
    void tenThousandSynchronousThrowsDoNotOverflowTheStack() throws Exception {
        withRetryLogOff(() -> {
            CountingInvoker invoker = new CountingInvoker(call -> {
                throw new IOException("call " + call);
            });
            UniAssertSubscriber<Object> subscriber = subscribe(
                    retrier(policy(10_000, noDelay()), new ImmediateScheduler()).retryUni(invoker));
            Throwable failure = subscriber.assertFailed().getFailure();
            assertThat(failure).isNotInstanceOf(StackOverflowError.class).hasMessage("call 10000");
            assertThat(invoker.calls()).isEqualTo(10_000);
            assertThat(failure.getSuppressed()).hasSize(9_999);
        });
    }

    @Test
    void tenThousandSynchronouslyFailedUnisDoNotOverflowTheStack() throws Exception {
        withRetryLogOff(() -> {
            CountingInvoker invoker = new CountingInvoker(
                    call -> Uni.createFrom().failure(new IOException("call " + call)));
            UniAssertSubscriber<Object> subscriber = subscribe(
                    retrier(policy(10_000, noDelay()), new ImmediateScheduler()).retryUni(invoker));
            Throwable failure = subscriber.assertFailed().getFailure();
            assertThat(failure).hasMessage("call 10000");
            assertThat(invoker.calls()).isEqualTo(10_000);
        });
    }

    @Test
    void tenThousandTimersFiringInPlaceDoNotOverflowTheStack() throws Exception {
        // a scheduler that runs every task at once on the calling thread, even with a positive wait
        withRetryLogOff(() -> {
            ImmediateScheduler scheduler = new ImmediateScheduler();
            CountingInvoker invoker = new CountingInvoker(call -> call < 10_000
                    ? Uni.createFrom().failure(new IOException("call " + call))
                    : Uni.createFrom().item("finally"));
            subscribe(retrier(policy(10_000, fixed(1)), scheduler).<String> retryUni(invoker))
                    .assertItem("finally");
            assertThat(invoker.calls()).isEqualTo(10_000);
            assertThat(scheduler.delays()).hasSize(9_999);
        });
    }

    @Test
    void attemptsNeverOverlap() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().item(call)
                .emitOn(executor)
                .onSubscription().invoke(() -> maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max))
                .onItem().transformToUni(c -> {
                    running.decrementAndGet();
                    return c < 20 ? Uni.createFrom().failure(new IOException()) : Uni.createFrom().item(c);
                }));
        subscribe(retrier(policy(50, noDelay()), new ExecutorScheduler(executor)).<Integer> retryUni(invoker))
                .awaitItem(AWAIT).assertItem(20);
        assertThat(maxRunning.get()).isEqualTo(1);
    }
}
