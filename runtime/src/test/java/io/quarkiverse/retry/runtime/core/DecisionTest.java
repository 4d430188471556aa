package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.SECOND;
import static io.quarkiverse.retry.runtime.core.TestSupport.fixed;
import static io.quarkiverse.retry.runtime.core.TestSupport.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.CircuitBreakerOpenException;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.RetryStoppedException;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.TestSupport.ImmediateScheduler;

/**
 * {@link Retrier#decide}, the one decision of the engine, on its own: what it returns for each reason, and which
 * reason wins when several apply.
 */
class DecisionTest {

    private final AtomicLong now = new AtomicLong(100 * SECOND);
    private boolean blockingAllowed = true;

    private Retrier retrier(RetryPolicy policy, RetryBudget budget, CircuitBreaker breaker) {
        return new Retrier("com.acme.Foo#bar", policy, new ImmediateScheduler(), () -> blockingAllowed, now::get, budget,
                breaker, null);
    }

    /** A synchronous call state after {@code attempts} attempts, started at {@code start}. */
    private static RetryCall call(Retrier retrier, int attempts, long start) {
        SyncRetryCall call = new SyncRetryCall(retrier, start, Retrier.NO_BREAKER, null);
        call.attempts = attempts;
        return call;
    }

    private static RetryBudget emptyBudget(AtomicLong now) {
        return new RetryBudget("empty", 0, 0, 10 * SECOND, 1, now::get);
    }

    private static CircuitBreaker openBreaker(AtomicLong now) {
        CircuitBreaker breaker = new CircuitBreaker("p", 10, 0.5, SECOND, 1, now::get);
        breaker.forceOpen();
        return breaker;
    }

    @Test
    void aRetryReturnsTheWaitAndRemembersTheFailure() {
        Retrier retrier = retrier(policy(3, fixed(7 * MS)), null, null);
        RetryCall call = call(retrier, 1, 0);
        IOException failure = new IOException();
        assertThat(retrier.decide(call, failure)).isEqualTo(7 * MS);
        assertThat(call.retried).isTrue();
        assertThat(call.lastRemembered()).isSameAs(failure);
        assertThat(call.attachEarlier(new IOException("final")).getSuppressed()).containsExactly(failure);
        assertThat(call.outcome).isNull();
    }

    @Test
    void aFailureThatIsNotRetryableWinsOverEverything() {
        Retrier retrier = retrier(policy(1, fixed(MS), MS), emptyBudget(now), openBreaker(now));
        RetryCall call = call(retrier, 1, 0);
        assertThat(retrier.decide(call, new AssertionError())).isEqualTo(Retrier.STOP);
        assertThat(call.outcome).isEqualTo(RetryOutcome.NOT_RETRYABLE);
        RetryCall refused = call(retrier, 1, 0);
        retrier.decide(refused, new CircuitBreakerOpenException("p", "open"));
        assertThat(refused.outcome).as("a refusal is never retried").isEqualTo(RetryOutcome.NOT_RETRYABLE);
    }

    @Test
    void maxAttemptsWinsOverMaxDurationBreakerAndBudget() {
        Retrier retrier = retrier(policy(2, fixed(SECOND), MS), emptyBudget(now), openBreaker(now));
        RetryCall call = call(retrier, 2, now.get());
        assertThat(retrier.decide(call, new IOException())).isEqualTo(Retrier.STOP);
        assertThat(call.outcome).isEqualTo(RetryOutcome.EXHAUSTED);
    }

    @Test
    void maxDurationWinsOverBreakerAndBudget() {
        Retrier retrier = retrier(policy(5, fixed(SECOND), 500 * MS), emptyBudget(now), openBreaker(now));
        RetryCall call = call(retrier, 1, now.get());
        assertThat(retrier.decide(call, new IOException())).isEqualTo(Retrier.STOP);
        assertThat(call.outcome).isEqualTo(RetryOutcome.MAX_DURATION);
    }

    @Test
    void theBreakerWinsOverTheBudgetSoThatARefusedRetrySpendsNothing() {
        RetryBudget budget = new RetryBudget("floor", 0, 10, 10 * SECOND, 1, now::get);
        long available = budget.available();
        Retrier retrier = retrier(policy(5, fixed(MS)), budget, openBreaker(now));
        RetryCall call = call(retrier, 1, 0);
        assertThat(retrier.decide(call, new IOException())).isEqualTo(Retrier.STOP);
        assertThat(call.outcome).isEqualTo(RetryOutcome.CIRCUIT_OPEN);
        assertThat(call.result).isInstanceOf(CircuitBreakerOpenException.class);
        assertThat(budget.available()).isEqualTo(available);
    }

    @Test
    void theBudgetIsAskedLast() {
        Retrier retrier = retrier(policy(5, fixed(MS)), emptyBudget(now), null);
        RetryCall call = call(retrier, 1, 0);
        IOException failure = new IOException();
        assertThat(retrier.decide(call, failure)).isEqualTo(Retrier.STOP);
        assertThat(call.outcome).isEqualTo(RetryOutcome.BUDGET_DENIED);
        assertThat(call.result).isSameAs(failure);
        assertThat(call.retried).isFalse();
    }

    @Test
    void aSynchronousCallThatMustNotBlockIsRefusedAWaitButNotAZeroWait() {
        blockingAllowed = false;
        Retrier retrier = retrier(policy(5, fixed(MS)), null, null);
        RetryCall call = call(retrier, 1, 0);
        IOException failure = new IOException();
        assertThat(retrier.decide(call, failure)).isEqualTo(Retrier.STOP);
        assertThat(call.outcome).isEqualTo(RetryOutcome.NOT_RETRYABLE);
        assertThat(call.result).isInstanceOf(IllegalStateException.class).hasCause(failure)
                .hasMessageContaining("must not block");
        Retrier zeroWait = retrier(policy(5, TestSupport.noDelay()), null, null);
        assertThat(zeroWait.decide(call(zeroWait, 1, 0), failure)).isZero();
    }

    private Retrier httpRetrier(long maxDelayNanos, long maxDurationNanos) {
        HttpRules http = new HttpRules(StatusSet.parse(HttpRules.DEFAULT_RETRY_ON_STATUS), StatusSet.EMPTY, true, false,
                null, FailureRulesTest.RESPONSES);
        FailureRules rules = new FailureRules(new FailureTypes(List.of(Exception.class), List.of()), http, List.of(),
                () -> 0L);
        Backoff backoff = new Backoff(100 * MS, maxDelayNanos, 2.0, Jitter.NONE, TestSupport.constant(0.5));
        return retrier(new RetryPolicy("http", 5, backoff, maxDurationNanos, rules), null, null);
    }

    @Test
    void aRetryAfterReplacesTheComputedWait() {
        Retrier retrier = httpRetrier(30 * SECOND, RetryPolicy.NO_MAX_DURATION);
        RetryCall call = call(retrier, 1, 0);
        assertThat(retrier.decide(call, new FailureRulesTest.HttpFailure(503, Map.of("Retry-After", "2"))))
                .isEqualTo(2 * SECOND);
        assertThat(retrier.decide(call(retrier, 1, 0), new FailureRulesTest.HttpFailure(503, Map.of())))
                .as("no header: the backoff").isEqualTo(100 * MS);
    }

    @Test
    void aRetryAfterLongerThanMaxDelayEndsTheCallAtOnceWithANote() {
        Retrier retrier = httpRetrier(30 * SECOND, RetryPolicy.NO_MAX_DURATION);
        RetryCall call = call(retrier, 1, 0);
        FailureRulesTest.HttpFailure failure = new FailureRulesTest.HttpFailure(429, Map.of("Retry-After", "120"));
        assertThat(retrier.decide(call, failure)).isEqualTo(Retrier.STOP);
        assertThat(call.outcome).isEqualTo(RetryOutcome.NOT_RETRYABLE);
        assertThat(call.result).isSameAs(failure);
        assertThat(RetryStoppedException.of(failure)).get().extracting(RetryStoppedException::getMessage)
                .isEqualTo("Retries of com.acme.Foo#bar stopped after attempt 1/5: the wait asked for, 120000 ms"
                        + " (Retry-After: 120 on HTTP 429), is longer than max-delay (30000 ms)");
    }

    @Test
    void aRetryAfterThatWouldEndPastMaxDurationEndsTheCallAtOnce() {
        Retrier retrier = httpRetrier(30 * SECOND, 5 * SECOND);
        RetryCall call = call(retrier, 1, now.get());
        FailureRulesTest.HttpFailure failure = new FailureRulesTest.HttpFailure(503, Map.of("Retry-After", "10"));
        assertThat(retrier.decide(call, failure)).isEqualTo(Retrier.STOP);
        assertThat(call.outcome).isEqualTo(RetryOutcome.MAX_DURATION);
        assertThat(RetryStoppedException.of(failure)).get().extracting(RetryStoppedException::getReason)
                .isEqualTo("a wait of 10000 ms (Retry-After: 10 on HTTP 503) would end past max-duration (5000 ms)"
                        + " after 0 ms");
    }
}
