package io.quarkiverse.retry.runtime.properties;

import static io.quarkiverse.retry.runtime.properties.Generators.MS;
import static io.quarkiverse.retry.runtime.properties.Generators.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;

/**
 * {@link CircuitBreaker} under random sequences of attempts (permits taken, then reported as a success, a failure or
 * an ignored failure, in any order: attempts overlap), clock advances on a fake clock and the odd operator reset, with
 * random {@code request-volume-threshold}, {@code failure-ratio}, {@code delay} and {@code success-threshold}.
 * <p>
 * A model of the documented state machine follows every step: the breaker opens when a failure fills the window of
 * the last {@code request-volume-threshold} outcomes recorded since it last closed, and the failed fraction of that
 * window reaches {@code failure-ratio}; it refuses for {@code delay}; then at most {@code success-threshold} trials run
 * at a time; a failed trial re-opens it, {@code success-threshold} successful trials close it; the outcome of an
 * attempt admitted in an earlier state does not move the state machine.
 * <p>
 * Each property is checked on a fixed number of random cases, reproducible from a seed (see {@link Tries}).
 */
class BreakerPropertiesTest {

    enum Kind {
        ACQUIRE,
        SUCCESS,
        FAILURE,
        IGNORED,
        ADVANCE,
        RESET
    }

    /**
     * Takes a permit, reports the outstanding attempt number {@code amount} (modulo how many there are), advances the
     * clock by {@code amount} nanoseconds, or resets the breaker.
     */
    record Op(Kind kind, long amount) {
    }

    record Case(int volume, double failureRatio, long delay, int successThreshold, List<Op> ops) {
    }

    /** What the breaker reports: its current state by its listener, and when it last changed. */
    static final class Observed implements RetryEvents, CircuitBreakerListener {
        final long[] now;
        CircuitBreakerState state = CircuitBreakerState.CLOSED;
        long since;
        int halfOpenEpisode;
        /** Outcomes of attempts let through while closed, recorded since the breaker last closed (or was reset). */
        long recordedSinceClose;
        final List<String> violations = new ArrayList<>();
        int volume;

        Observed(long[] now) {
            this.now = now;
        }

        @Override
        public CircuitBreakerListener forCircuitBreaker(CircuitBreaker breaker) {
            volume = breaker.requestVolumeThreshold();
            return this;
        }

        @Override
        public void stateChanged(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
            if (from == CircuitBreakerState.CLOSED && to == CircuitBreakerState.OPEN && recordedSinceClose < volume) {
                violations.add("opened after " + recordedSinceClose + " outcomes recorded since it closed");
            }
            if (to == CircuitBreakerState.CLOSED) {
                recordedSinceClose = 0;
            }
            if (to == CircuitBreakerState.HALF_OPEN) {
                halfOpenEpisode++;
            }
            state = to;
            since = now[0];
        }
    }

    /** An attempt that was let through and has not reported yet. */
    record Attempt(int permit, boolean closed, int episode) {
    }

    /**
     * Never opens before {@code request-volume-threshold} outcomes (of attempts let through while closed) were
     * recorded since it last closed or was reset.
     */
    @Test
    void neverOpensBeforeTheRequestVolumeThreshold() {
        Tries.forAll(300, BreakerPropertiesTest::cases, BreakerPropertiesTest::neverOpensBeforeTheRequestVolumeThreshold);
    }

    private static void neverOpensBeforeTheRequestVolumeThreshold(Case c) {
        long[] now = { 0 };
        Observed observed = new Observed(now);
        CircuitBreaker breaker = breaker(c, now, observed);
        List<Attempt> outstanding = new ArrayList<>();
        for (Op op : c.ops()) {
            switch (op.kind()) {
                case ADVANCE -> now[0] += op.amount();
                case RESET -> breaker.reset();
                case ACQUIRE -> {
                    int permit = breaker.tryAcquire();
                    if (permit != CircuitBreaker.REFUSED) {
                        outstanding.add(new Attempt(permit, observed.state == CircuitBreakerState.CLOSED, 0));
                    }
                }
                default -> {
                    if (!outstanding.isEmpty()) {
                        Attempt attempt = outstanding.remove((int) (op.amount() % outstanding.size()));
                        if (attempt.closed()) {
                            observed.recordedSinceClose++; // counted before the breaker hears of it
                        }
                        report(breaker, op.kind(), attempt);
                    }
                }
            }
            assertThat(observed.violations).as("after " + op).isEmpty();
        }
    }

    /**
     * Half-open: at most {@code success-threshold} trials of the current half-open episode outstanding at a time;
     * {@code tryAcquire} refuses exactly when that many are.
     */
    @Test
    void halfOpenAdmitsAtMostSuccessThresholdTrialsAtATime() {
        Tries.forAll(300, BreakerPropertiesTest::cases,
                BreakerPropertiesTest::halfOpenAdmitsAtMostSuccessThresholdTrialsAtATime);
    }

    private static void halfOpenAdmitsAtMostSuccessThresholdTrialsAtATime(Case c) {
        long[] now = { 0 };
        Observed observed = new Observed(now);
        CircuitBreaker breaker = breaker(c, now, observed);
        List<Attempt> outstanding = new ArrayList<>();
        for (Op op : c.ops()) {
            switch (op.kind()) {
                case ADVANCE -> now[0] += op.amount();
                case RESET -> breaker.reset();
                case ACQUIRE -> {
                    boolean halfOpenBefore = observed.state == CircuitBreakerState.HALF_OPEN;
                    int episode = observed.halfOpenEpisode;
                    long trials = outstanding.stream().filter(a -> a.episode() == episode).count();
                    int permit = breaker.tryAcquire();
                    boolean refused = permit == CircuitBreaker.REFUSED;
                    if (observed.state == CircuitBreakerState.HALF_OPEN) {
                        if (observed.halfOpenEpisode != episode || !halfOpenBefore) {
                            trials = 0; // this attempt made it half-open
                        }
                        assertThat(refused).as("refused with %s of %s trials outstanding, at %s", trials,
                                c.successThreshold(), op).isEqualTo(trials >= c.successThreshold());
                        if (!refused) {
                            outstanding.add(new Attempt(permit, false, observed.halfOpenEpisode));
                            long running = trials + 1;
                            assertThat(running).as("trials outstanding").isLessThanOrEqualTo(c.successThreshold());
                        }
                    } else if (!refused) {
                        outstanding.add(new Attempt(permit, true, -1));
                    }
                }
                default -> {
                    if (!outstanding.isEmpty()) {
                        report(breaker, op.kind(), outstanding.remove((int) (op.amount() % outstanding.size())));
                    }
                }
            }
        }
    }

    /**
     * Open: every attempt is refused until {@code delay} has elapsed since it opened ({@code isRefusing} and
     * {@code remainingOpenNanos} agree), and the first attempt after that is let through.
     */
    @Test
    void anOpenBreakerRefusesUntilItsDelayHasElapsed() {
        Tries.forAll(300, BreakerPropertiesTest::cases, BreakerPropertiesTest::anOpenBreakerRefusesUntilItsDelayHasElapsed);
    }

    private static void anOpenBreakerRefusesUntilItsDelayHasElapsed(Case c) {
        long[] now = { 0 };
        Observed observed = new Observed(now);
        CircuitBreaker breaker = breaker(c, now, observed);
        List<Attempt> outstanding = new ArrayList<>();
        for (Op op : c.ops()) {
            switch (op.kind()) {
                case ADVANCE -> now[0] += op.amount();
                case RESET -> breaker.reset();
                case ACQUIRE -> {
                    boolean open = observed.state == CircuitBreakerState.OPEN;
                    long elapsed = now[0] - observed.since;
                    int permit = breaker.tryAcquire();
                    if (open) {
                        assertThat(permit == CircuitBreaker.REFUSED).as("refused %s ns after it opened, delay %s ns",
                                elapsed, c.delay()).isEqualTo(elapsed < c.delay());
                    }
                    if (permit != CircuitBreaker.REFUSED) {
                        outstanding.add(new Attempt(permit, false, 0));
                    }
                }
                default -> {
                    if (!outstanding.isEmpty()) {
                        report(breaker, op.kind(), outstanding.remove((int) (op.amount() % outstanding.size())));
                    }
                }
            }
            if (observed.state == CircuitBreakerState.OPEN) {
                long elapsed = now[0] - observed.since;
                assertThat(breaker.isRefusing()).as("refusing %s ns after it opened", elapsed)
                        .isEqualTo(elapsed < c.delay());
                assertThat(breaker.remainingOpenNanos()).isEqualTo(Math.max(0, c.delay() - elapsed));
                assertThat(breaker.state()).isEqualTo(
                        elapsed < c.delay() ? CircuitBreakerState.OPEN : CircuitBreakerState.HALF_OPEN);
            }
        }
    }

    /**
     * The breaker follows the documented state machine step by step (see the class comment): it opens when a failure
     * fills the window and the failed fraction of the window reaches {@code failure-ratio}, and outcomes of attempts
     * let through in an earlier half-open episode (or before a reset) do not move it.
     */
    @Test
    void followsTheDocumentedStateMachine() {
        Tries.forAll(300, BreakerPropertiesTest::cases, BreakerPropertiesTest::followsTheDocumentedStateMachine);
    }

    private static void followsTheDocumentedStateMachine(Case c) {
        long[] now = { 0 };
        Observed observed = new Observed(now);
        CircuitBreaker breaker = breaker(c, now, observed);

        CircuitBreakerState state = CircuitBreakerState.CLOSED;
        ArrayDeque<Boolean> window = new ArrayDeque<>(); // the last outcomes recorded since the last close: failed?
        long recorded = 0;
        long openedAt = 0;
        int episode = 0; // the current half-open episode; 0 when not half-open
        int episodes = 0;
        int trialSuccesses = 0;
        List<Attempt> outstanding = new ArrayList<>();
        int step = 0;
        for (Op op : c.ops()) {
            step++;
            switch (op.kind()) {
                case ADVANCE -> now[0] += op.amount();
                case RESET -> {
                    breaker.reset();
                    state = CircuitBreakerState.CLOSED;
                    episode = 0;
                    window.clear();
                    recorded = 0;
                }
                case ACQUIRE -> {
                    if (state == CircuitBreakerState.OPEN && now[0] - openedAt >= c.delay()) {
                        state = CircuitBreakerState.HALF_OPEN;
                        episode = ++episodes;
                        trialSuccesses = 0;
                    }
                    int current = episode;
                    long trials = outstanding.stream().filter(a -> !a.closed() && a.episode() == current).count();
                    boolean admitted = state == CircuitBreakerState.CLOSED
                            || state == CircuitBreakerState.HALF_OPEN && trials < c.successThreshold();
                    int permit = breaker.tryAcquire();
                    assertThat(permit != CircuitBreaker.REFUSED).as("admitted at step %s (%s)", step, op)
                            .isEqualTo(admitted);
                    if (admitted) {
                        outstanding.add(new Attempt(permit, state == CircuitBreakerState.CLOSED, episode));
                    }
                }
                default -> {
                    if (outstanding.isEmpty()) {
                        continue;
                    }
                    Attempt attempt = outstanding.remove((int) (op.amount() % outstanding.size()));
                    boolean failed = op.kind() == Kind.FAILURE;
                    report(breaker, op.kind(), attempt);
                    if (attempt.closed()) {
                        // let through while closed: recorded in the window, whatever the state now
                        window.addLast(failed);
                        recorded++;
                        if (window.size() > c.volume()) {
                            window.removeFirst();
                        }
                        long failures = window.stream().filter(f -> f).count();
                        if (state == CircuitBreakerState.CLOSED && failed && recorded >= c.volume()
                                && failures / (double) c.volume() >= c.failureRatio()) {
                            state = CircuitBreakerState.OPEN;
                            openedAt = now[0];
                        }
                    } else if (state == CircuitBreakerState.HALF_OPEN && attempt.episode() == episode) {
                        if (failed) {
                            state = CircuitBreakerState.OPEN;
                            episode = 0;
                            openedAt = now[0];
                        } else if (++trialSuccesses >= c.successThreshold()) {
                            state = CircuitBreakerState.CLOSED;
                            episode = 0;
                            window.clear();
                            recorded = 0;
                        }
                    }
                }
            }
            CircuitBreakerState expected = state == CircuitBreakerState.OPEN && now[0] - openedAt >= c.delay()
                    ? CircuitBreakerState.HALF_OPEN // what state() says of an open breaker whose delay elapsed
                    : state;
            assertThat(breaker.state()).as("state after step %s (%s), %s failures in a window of %s", step, op,
                    window.stream().filter(f -> f).count(), window.size()).isEqualTo(expected);
        }
    }

    private static CircuitBreaker breaker(Case c, long[] now, RetryEvents events) {
        return new CircuitBreaker("props", c.volume(), c.failureRatio(), c.delay(), c.successThreshold(),
                () -> now[0], events);
    }

    private static void report(CircuitBreaker breaker, Kind kind, Attempt attempt) {
        switch (kind) {
            case SUCCESS -> breaker.onSuccess(attempt.permit());
            case FAILURE -> breaker.onFailure(attempt.permit());
            default -> breaker.onIgnored(attempt.permit());
        }
    }

    /**
     * A failure ratio given as a decimal opens the breaker at the fraction it says: with {@code failure-ratio} 0.07
     * and a window of 100, 7 failures (7 %) open it (as 0.5 and 10 open it at 5 failures).
     */
    @Test
    void aDecimalFailureRatioOpensAtThatFraction() {
        for (double[] example : new double[][] { { 0.07, 100, 7 }, { 0.14, 50, 7 }, { 0.28, 25, 7 }, { 0.5, 10, 5 },
                { 0.1, 30, 3 }, { 1.0, 7, 7 } }) {
            int volume = (int) example[1];
            CircuitBreaker breaker = new CircuitBreaker("props", volume, example[0], SECOND, 1, () -> 0);
            int failures = (int) example[2];
            for (int i = 0; i < volume - failures; i++) {
                breaker.onSuccess(breaker.tryAcquire());
            }
            for (int i = 0; i < failures; i++) {
                assertThat(breaker.state()).as("ratio %s, window %s, after %s failures", example[0], volume, i)
                        .isEqualTo(CircuitBreakerState.CLOSED);
                breaker.onFailure(breaker.tryAcquire());
            }
            assertThat(breaker.state()).as("ratio %s, window %s, after %s failures", example[0], volume, failures)
                    .isEqualTo(CircuitBreakerState.OPEN);
        }
    }

    /**
     * A trial of an earlier half-open episode that finishes late counts in no later one: its success neither frees a
     * place for another trial nor counts towards closing.
     */
    @Test
    void aLateTrialOfAnEarlierEpisodeCountsInNoOther() {
        long[] now = { 0 };
        CircuitBreaker breaker = new CircuitBreaker("props", 1, 1.0, SECOND, 2, () -> now[0]);
        breaker.onFailure(breaker.tryAcquire());
        now[0] += SECOND;
        int first = breaker.tryAcquire();
        int late = breaker.tryAcquire();
        breaker.onFailure(first); // open again, while the other trial still runs
        now[0] += SECOND;
        int a = breaker.tryAcquire();
        int b = breaker.tryAcquire();
        assertThat(new int[] { first, late, a, b }).doesNotContain(CircuitBreaker.REFUSED);
        assertThat(breaker.tryAcquire()).as("2 trials running").isEqualTo(CircuitBreaker.REFUSED);
        breaker.onSuccess(late);
        assertThat(breaker.tryAcquire()).as("still 2 trials running").isEqualTo(CircuitBreaker.REFUSED);
        breaker.onSuccess(a);
        assertThat(breaker.state()).as("1 of 2 trials succeeded").isEqualTo(CircuitBreakerState.HALF_OPEN);
        breaker.onSuccess(b);
        assertThat(breaker.state()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    static Case cases(SplittableRandom r) {
        int volume = Generators.between(r, 1, 20);
        double ratio = switch (Generators.weighted(r, 3, 2, 1)) {
            case 0 -> Generators.between(r, 1, 100) / 100.0;
            case 1 -> Generators.decimal(r, 0, false, 1, true, 9);
            default -> Generators.oneOf(r, 0.1, 0.25, 0.5, 1.0, Double.MIN_VALUE);
        };
        // short delays as well as long ones, so that walks see many half-open episodes
        long delay = switch (Generators.weighted(r, 2, 3, 2, 1)) {
            case 0 -> 0L;
            case 1 -> Generators.between(r, 1, 10 * MS);
            case 2 -> Generators.between(r, 1, 10 * SECOND);
            default -> Generators.oneOf(r, 1L, MS, SECOND);
        };
        int successThreshold = Generators.weighted(r, 1, 3) == 0 ? 1 : Generators.between(r, 2, 5);
        List<Op> ops = Generators.list(r, 0, 300, BreakerPropertiesTest::op);
        // a reset now and then, in the middle of the sequence
        if (Generators.between(r, 0, 20) == 0 && !ops.isEmpty()) {
            ops.add(ops.size() / 2, new Op(Kind.RESET, 0));
        }
        return new Case(volume, ratio, delay, successThreshold, ops);
    }

    private static Op op(SplittableRandom r) {
        return switch (Generators.weighted(r, 6, 3, 3, 1, 2)) {
            case 0 -> new Op(Kind.ACQUIRE, 0);
            case 1 -> new Op(Kind.SUCCESS, Generators.between(r, 0, 1000L));
            case 2 -> new Op(Kind.FAILURE, Generators.between(r, 0, 1000L));
            case 3 -> new Op(Kind.IGNORED, Generators.between(r, 0, 1000L));
            default -> new Op(Kind.ADVANCE, switch (Generators.weighted(r, 3, 3, 1, 1)) {
                case 0 -> Generators.between(r, 0, 20 * MS);
                case 1 -> Generators.between(r, 0, 2 * SECOND);
                case 2 -> Generators.between(r, 0, 20 * SECOND);
                default -> Generators.oneOf(r, 1L, MS, SECOND);
            });
        };
    }
}
