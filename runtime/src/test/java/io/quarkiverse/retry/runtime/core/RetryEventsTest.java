package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.SECOND;
import static io.quarkiverse.retry.runtime.core.TestSupport.fixed;
import static io.quarkiverse.retry.runtime.core.TestSupport.noDelay;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.TestSupport.CountingInvoker;
import io.quarkiverse.retry.runtime.core.TestSupport.ImmediateScheduler;
import io.quarkiverse.retry.runtime.core.TestSupport.VirtualTimeScheduler;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The engine's event stream: what every shape reports for every outcome, exactly once per call, and the note a
 * stopped sequence leaves on its final failure.
 */
@Timeout(20)
class RetryEventsTest {

    private static final String METHOD = "com.acme.Foo#bar";

    /** Records every event as a line of text. */
    static final class Recorder implements RetryEvents {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public RetryListener forMethod(RetryTarget target) {
            events.add("method " + target.method() + " " + target.policy().displayName());
            return new RetryListener() {
                @Override
                public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
                    events.add("scheduled " + attempt + " " + delayNanos + " " + failure.getMessage());
                }

                @Override
                public void budgetDenied(RetryBudget budget, int attempt, Throwable failure) {
                    events.add("denied " + budget.name() + " " + attempt);
                }

                @Override
                public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
                    events.add("finished " + outcome + " " + retried + " " + attempts + " "
                            + (failure == null ? null : failure.getMessage()));
                }
            };
        }

        @Override
        public CircuitBreakerListener forCircuitBreaker(CircuitBreaker breaker) {
            return new CircuitBreakerListener() {
                @Override
                public void attempt(AttemptResult result) {
                    events.add("breaker " + result);
                }

                @Override
                public void stateChanged(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
                    events.add("state " + from + " -> " + to + (byOperator ? " by operator" : ""));
                }
            };
        }

        /** The events after the listener was created. */
        List<String> calls() {
            synchronized (events) {
                return events.stream().filter(e -> !e.startsWith("method ")).toList();
            }
        }

        long finished() {
            synchronized (events) {
                return events.stream().filter(e -> e.startsWith("finished ")).count();
            }
        }
    }

    private final Recorder recorder = new Recorder();
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);

    private Retrier retrier(RetryPolicy policy, DelayScheduler scheduler) {
        return retrier(policy, scheduler, null, null);
    }

    private Retrier retrier(RetryPolicy policy, DelayScheduler scheduler, RetryBudget budget, CircuitBreaker breaker) {
        return new Retrier(METHOD, policy, scheduler, () -> true, now::get, budget, breaker, null, recorder);
    }

    private static CountingInvoker failingUntil(int successOn) {
        return new CountingInvoker(call -> {
            if (call >= successOn) {
                return "ok " + call;
            }
            throw new IOException("failure " + call);
        });
    }

    private static Object callSync(Retrier retrier, CountingInvoker invoker) throws Exception {
        return retrier.callSync(Invoker.SELF, invoker);
    }

    // ---------------------------------------------------------------- synchronous calls

    @Test
    void aMethodGetsItsListenerOnceAtConstruction() {
        retrier(policy(3, noDelay()), new ImmediateScheduler());
        assertThat(recorder.events).containsExactly("method " + METHOD + " test");
    }

    @Test
    void firstTrySuccessReportsOnlyTheFinishedCall() throws Exception {
        assertThat(callSync(retrier(policy(3, noDelay()), new ImmediateScheduler()), failingUntil(1))).isEqualTo("ok 1");
        assertThat(recorder.calls()).containsExactly("finished SUCCESS false 1 null");
    }

    @Test
    void successAfterRetriesReportsEachRetryThenTheCall() throws Exception {
        Retrier retrier = retrier(policy(3, fixed(MS)), new ImmediateScheduler());
        assertThat(callSync(retrier, failingUntil(3))).isEqualTo("ok 3");
        assertThat(recorder.calls()).containsExactly("scheduled 1 1000000 failure 1", "scheduled 2 1000000 failure 2",
                "finished SUCCESS true 3 null");
    }

    @Test
    void exhaustionReportsTheLastFailure() {
        Retrier retrier = retrier(policy(3, noDelay()), new ImmediateScheduler());
        Throwable thrown = catchThrowable(() -> callSync(retrier, failingUntil(10)));
        assertThat(thrown).hasMessage("failure 3");
        assertThat(recorder.calls()).containsExactly("scheduled 1 0 failure 1", "scheduled 2 0 failure 2",
                "finished EXHAUSTED true 3 failure 3");
        assertThat(RetryStoppedException.of(thrown)).as("exhaustion needs no note").isEmpty();
    }

    @Test
    void aFailureThePolicyDoesNotRetryEndsTheCallAtOnce() {
        Retrier retrier = retrier(policy(3, noDelay()), new ImmediateScheduler());
        CountingInvoker invoker = new CountingInvoker(call -> {
            throw new AssertionError("fatal");
        });
        assertThat(catchThrowable(() -> callSync(retrier, invoker))).hasMessage("fatal");
        assertThat(recorder.calls()).containsExactly("finished NOT_RETRYABLE false 1 fatal");
    }

    @Test
    void maxDurationStopsWithANoteNamingTheNumbers() {
        // attempts take 100 ms of fake time; waits of 100 ms; max-duration 250 ms
        CountingInvoker invoker = new CountingInvoker(call -> {
            now.addAndGet(100 * MS);
            throw new IOException("failure " + call);
        });
        Retrier retrier = retrier(policy(10, fixed(100 * MS), 250 * MS), new ImmediateScheduler());
        Throwable thrown = catchThrowable(() -> callSync(retrier, invoker));
        // attempt 1 ends at 100 ms, its wait at 200 ms; attempt 2 ends at 200 ms, a wait would end at 300 ms
        assertThat(thrown).hasMessage("failure 2");
        assertThat(recorder.calls()).containsExactly("scheduled 1 100000000 failure 1",
                "finished MAX_DURATION true 2 failure 2");
        RetryStoppedException note = RetryStoppedException.of(thrown).orElseThrow();
        assertThat(note.getOutcome()).isEqualTo(RetryOutcome.MAX_DURATION);
        assertThat(note.getStackTrace()).as("stackless").isEmpty();
        assertThat(note.getMessage()).isEqualTo("Retries of " + METHOD + " stopped after attempt 2/10: a wait of"
                + " 100 ms would end past max-duration (250 ms) after 200 ms");
    }

    @Test
    void aDeniedRetryReportsTheBudgetAndLeavesANoteWithItsNumbers() {
        RetryBudget budget = new RetryBudget("shared", 0.2, 0, 10 * SECOND, 2.0, now::get);
        for (int i = 0; i < 9; i++) {
            budget.deposit(); // 9 x 0.2 = 1.8: one retry allowed
        }
        Retrier retrier = retrier(policy(5, noDelay()), new ImmediateScheduler(), budget, null);
        Throwable thrown = catchThrowable(() -> callSync(retrier, failingUntil(10)));
        // the call's own deposit makes 10 (2 retries); both are spent, the third is denied
        assertThat(thrown).hasMessage("failure 3");
        assertThat(recorder.calls()).containsExactly("scheduled 1 0 failure 1", "scheduled 2 0 failure 2",
                "denied shared 3", "finished BUDGET_DENIED true 3 failure 3");
        RetryStoppedException note = RetryStoppedException.of(thrown).orElseThrow();
        assertThat(note.getOutcome()).isEqualTo(RetryOutcome.BUDGET_DENIED);
        assertThat(note.getMessage()).isEqualTo("Retries of " + METHOD + " stopped after attempt 3/5: retry budget"
                + " shared is exhausted: it allowed 2 retries in its 10 s window (ratio 0.2 of 10 first attempts, plus"
                + " 0 per second)");
        assertThat(thrown.getSuppressed()).filteredOn(t -> !(t instanceof RetryStoppedException))
                .extracting(Throwable::getMessage).containsExactly("failure 1", "failure 2");
    }

    @Test
    void anOpenBreakerStopsTheSequenceWithANoteAndSpendsNoBudget() {
        CircuitBreaker breaker = new CircuitBreaker("payments", 1, 1.0, SECOND, 1, now::get, recorder);
        RetryBudget budget = new RetryBudget("shared", 0, 10, 10 * SECOND, 2.0, now::get);
        long available = budget.available();
        Retrier retrier = retrier(policy(5, noDelay()), new ImmediateScheduler(), budget, breaker);
        Throwable thrown = catchThrowable(() -> callSync(retrier, failingUntil(10)));
        // the first failure fills the window of 1: the breaker opens, and the retry is refused at the decision
        assertThat(thrown).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(recorder.calls()).containsExactly("breaker FAILURE", "state CLOSED -> OPEN",
                "finished CIRCUIT_OPEN false 1 failure 1");
        assertThat(budget.available()).as("no retry withdrawn").isEqualTo(available);
        RetryStoppedException note = RetryStoppedException.of(thrown).orElseThrow();
        assertThat(note.getOutcome()).isEqualTo(RetryOutcome.CIRCUIT_OPEN);
        assertThat(note.getMessage()).isEqualTo("Retries of " + METHOD + " stopped after attempt 1/5: the circuit"
                + " breaker of retry policy test is OPEN (next trial attempt in 1000 ms)");
        assertThat(thrown.getSuppressed()).filteredOn(t -> !(t instanceof RetryStoppedException))
                .extracting(Throwable::getMessage).containsExactly("failure 1");
    }

    @Test
    void aFirstAttemptRefusedByTheBreakerIsReportedWithoutAnAttempt() {
        CircuitBreaker breaker = new CircuitBreaker("payments", 10, 0.5, SECOND, 1, now::get, recorder);
        breaker.forceOpen();
        Retrier retrier = retrier(policy(5, noDelay()), new ImmediateScheduler(), null, breaker);
        CountingInvoker invoker = failingUntil(1);
        assertThat(catchThrowable(() -> callSync(retrier, invoker))).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(invoker.calls()).isZero();
        assertThat(recorder.calls()).containsExactly("state CLOSED -> FORCED_OPEN by operator", "breaker REJECTED",
                "finished CIRCUIT_OPEN false 0 Circuit breaker of retry policy test is open: " + METHOD
                        + " was not called");
    }

    @Test
    void aRetryRefusedByTheBreakerAfterItsWaitEndsTheCall() {
        CircuitBreaker breaker = new CircuitBreaker("payments", 100, 0.5, SECOND, 1, now::get, recorder);
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        Retrier retrier = retrier(policy(5, fixed(SECOND)), scheduler, null, breaker);
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(new IOException("f" + call)));
        UniAssertSubscriber<Object> subscriber = retrier.retryUni(invoker).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        breaker.forceOpen(); // during the wait
        scheduler.runAll();
        Throwable thrown = subscriber.assertFailed().getFailure();
        assertThat(thrown).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(recorder.calls()).containsExactly("breaker FAILURE", "scheduled 1 1000000000 f1",
                "state CLOSED -> FORCED_OPEN by operator", "breaker REJECTED", "finished CIRCUIT_OPEN true 1 f1");
        assertThat(RetryStoppedException.of(thrown)).get().extracting(RetryStoppedException::getOutcome)
                .isEqualTo(RetryOutcome.CIRCUIT_OPEN);
        assertThat(thrown.getSuppressed()).filteredOn(t -> !(t instanceof RetryStoppedException))
                .extracting(Throwable::getMessage).containsExactly("f1");
    }

    @Test
    void theBreakerReportsEveryAttemptItSees() throws Exception {
        CircuitBreaker breaker = new CircuitBreaker("payments", 100, 0.5, SECOND, 1, now::get, recorder);
        Retrier retrier = new Retrier(METHOD, policy(3, noDelay()), new ImmediateScheduler(), () -> true, now::get, null,
                breaker, new FailureTypes(List.of(IOException.class), List.of()), recorder);
        CountingInvoker invoker = new CountingInvoker(call -> {
            if (call == 1) {
                throw new IllegalStateException("does not count");
            }
            if (call == 2) {
                throw new IOException("counts");
            }
            return "ok";
        });
        assertThat(retrier.callSync(Invoker.SELF, invoker)).isEqualTo("ok");
        assertThat(recorder.calls()).containsExactly("breaker IGNORED", "scheduled 1 0 does not count",
                "breaker FAILURE", "scheduled 2 0 counts", "breaker SUCCESS", "finished SUCCESS true 3 null");
    }

    @Test
    void breakerTransitionsAreReportedOnceEach() {
        CircuitBreaker breaker = new CircuitBreaker("payments", 2, 0.5, SECOND, 1, now::get, recorder);
        breaker.onFailure(breaker.tryAcquire());
        breaker.onFailure(breaker.tryAcquire());
        assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
        now.addAndGet(SECOND);
        int trial = breaker.tryAcquire();
        breaker.onFailure(trial);
        now.addAndGet(SECOND);
        breaker.onSuccess(breaker.tryAcquire());
        breaker.forceClosed();
        breaker.reset();
        assertThat(recorder.calls()).containsExactly("breaker FAILURE", "breaker FAILURE", "state CLOSED -> OPEN",
                "breaker REJECTED", "state OPEN -> HALF_OPEN", "breaker FAILURE", "state HALF_OPEN -> OPEN",
                "state OPEN -> HALF_OPEN", "breaker SUCCESS", "state HALF_OPEN -> CLOSED",
                "state CLOSED -> FORCED_CLOSED by operator", "state FORCED_CLOSED -> CLOSED by operator");
        assertThat(breaker.failuresWhenOpened()).isEqualTo(2);
    }

    @Test
    void anInterruptedWaitEndsTheCallAsInterrupted() {
        CountingInvoker invoker = new CountingInvoker(call -> "never");
        Retrier retrier = retrier(policy(3, fixed(10 * SECOND)), new ImmediateScheduler());
        Thread.currentThread().interrupt();
        try {
            Throwable thrown = catchThrowable(() -> retrier.retrySync(invoker, new IOException("first"), 0));
            assertThat(thrown).hasMessage("first");
        } finally {
            Thread.interrupted();
        }
        assertThat(recorder.calls()).containsExactly("scheduled 1 10000000000 first",
                "finished INTERRUPTED true 1 first");
    }

    // ---------------------------------------------------------------- Uni

    @Test
    void uniCallsReportLikeSynchronousOnes() {
        Retrier retrier = retrier(policy(3, noDelay()), new ImmediateScheduler());
        CountingInvoker invoker = new CountingInvoker(call -> call < 3
                ? Uni.createFrom().failure(new IOException("failure " + call))
                : Uni.createFrom().item("ok"));
        retrier.retryUni(invoker).subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem("ok");
        CountingInvoker failing = new CountingInvoker(call -> Uni.createFrom().failure(new IOException("f" + call)));
        retrier.retryUni(failing).subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailed();
        assertThat(recorder.calls()).containsExactly("scheduled 1 0 failure 1", "scheduled 2 0 failure 2",
                "finished SUCCESS true 3 null", "scheduled 1 0 f1", "scheduled 2 0 f2", "finished EXHAUSTED true 3 f3");
    }

    @Test
    void aUniCancelledDuringAWaitIsReportedOnceAsInterrupted() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        Retrier retrier = retrier(policy(3, fixed(SECOND)), scheduler);
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().failure(new IOException("f" + call)));
        UniAssertSubscriber<Object> subscriber = retrier.retryUni(invoker).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        subscriber.cancel();
        subscriber.cancel();
        scheduler.last().runAnyway();
        assertThat(recorder.calls()).containsExactly("scheduled 1 1000000000 f1", "finished INTERRUPTED true 1 null");
    }

    @Test
    void aUniCancelledInOnSubscribeIsReportedAsInterruptedWithoutAnAttempt() {
        Retrier retrier = retrier(policy(3, noDelay()), new ImmediateScheduler());
        CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().item("never"));
        retrier.retryUni(invoker).subscribe().withSubscriber(new UniAssertSubscriber<>(true));
        assertThat(invoker.calls()).isZero();
        assertThat(recorder.calls()).containsExactly("finished INTERRUPTED false 0 null");
    }

    /** A cancellation racing the outcome of a running attempt: each call is still reported exactly once. */
    @Test
    void aCancellationRacingTheOutcomeIsReportedExactlyOnce() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            Retrier retrier = retrier(policy(3, noDelay()), new ImmediateScheduler());
            int calls = 2_000;
            for (int i = 0; i < calls; i++) {
                CompletableFuture<String> pending = new CompletableFuture<>();
                CountingInvoker invoker = new CountingInvoker(call -> Uni.createFrom().completionStage(pending));
                UniAssertSubscriber<Object> subscriber = retrier.retryUni(invoker).subscribe()
                        .withSubscriber(UniAssertSubscriber.create());
                CountDownLatch start = new CountDownLatch(1);
                executor.execute(() -> {
                    await(start);
                    pending.complete("ok");
                });
                executor.execute(() -> {
                    await(start);
                    subscriber.cancel();
                });
                start.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (recorder.finished() < i + 1 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(20_000);
                }
            }
            Thread.sleep(50); // a second report, if any, would come right after the first
            assertThat(recorder.finished()).isEqualTo(calls);
            assertThat(recorder.calls()).allSatisfy(e -> assertThat(e).isIn("finished SUCCESS false 1 null",
                    "finished INTERRUPTED false 1 null"));
        } finally {
            executor.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- CompletionStage

    @Test
    void completionStageCallsReportLikeSynchronousOnes() {
        Retrier retrier = retrier(policy(2, noDelay()), new ImmediateScheduler());
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.failedFuture(new IOException("f" + call)));
        CompletableFuture<Object> result = retrier.retryCompletionStage(invoker);
        assertThat(result).isCompletedExceptionally();
        assertThat(recorder.calls()).containsExactly("scheduled 1 0 f1", "finished EXHAUSTED true 2 f2");
    }

    @Test
    void aCompletionStageCompletedByTheCallerDuringAWaitIsReportedOnceAsInterrupted() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        Retrier retrier = retrier(policy(3, fixed(SECOND)), scheduler);
        CountingInvoker invoker = new CountingInvoker(call -> CompletableFuture.failedFuture(new IOException("f" + call)));
        CompletableFuture<Object> result = retrier.retryCompletionStage(invoker);
        result.complete("mine");
        scheduler.last().runAnyway();
        assertThat(invoker.calls()).isEqualTo(1);
        assertThat(recorder.calls()).containsExactly("scheduled 1 1000000000 f1", "finished INTERRUPTED true 1 null");
    }

    @Test
    void aCompletionStageCompletedByTheCallerDuringAnAttemptIsReportedAsInterrupted() {
        Retrier retrier = retrier(policy(3, noDelay()), new ImmediateScheduler());
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<Object> result = retrier.retryCompletionStage(new CountingInvoker(call -> pending));
        result.cancel(false);
        pending.complete("late");
        assertThat(recorder.calls()).containsExactly("finished INTERRUPTED false 1 null");
    }
}
