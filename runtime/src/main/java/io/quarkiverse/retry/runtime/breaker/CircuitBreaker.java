package io.quarkiverse.retry.runtime.breaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongSupplier;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener.AttemptResult;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;

/**
 * The circuit breaker state machine of one retry policy, plain Java and lock-free.
 * <ul>
 * <li>CLOSED: every attempt passes; outcomes fill a rolling window of the last {@code requestVolumeThreshold}
 * attempts. Once the window is full and the failures in it reach {@code failureRatio}, the breaker opens.</li>
 * <li>OPEN: attempts are refused until {@code delay} has passed, then the breaker is half-open.</li>
 * <li>HALF_OPEN: at most {@code successThreshold} trial attempts run at a time; a failed trial re-opens the
 * breaker, {@code successThreshold} successful trials close it.</li>
 * </ul>
 * Usage per attempt: {@link #tryAcquire()} returns a permit ({@link #REFUSED} means fail fast), then exactly one of
 * {@link #onSuccess(int)}, {@link #onFailure(int)}, {@link #onIgnored(int)} or {@link #onCancelled(int)} with that
 * permit. Outcomes of attempts admitted in an earlier state (a trial of an earlier half-open episode included) do not
 * move the state machine. Every attempt and every transition is reported to the breaker's
 * {@link CircuitBreakerListener}.
 * <p>
 * Threading: any number of threads may use one breaker at once. State lives in fields updated through
 * {@link VarHandle}s (compare-and-set for transitions); nothing locks or allocates. Under concurrency the window may
 * count a racing outcome slightly late, and half-open never admits more than {@code successThreshold} trials at a
 * time.
 */
public final class CircuitBreaker {

    public static final int REFUSED = 0;
    static final int CLOSED_PERMIT = 1;
    static final int TRIAL_PERMIT = 2;
    static final int UNCOUNTED_PERMIT = 3;

    // the state, as private constants: the public enum is only what state() reports
    private static final int CLOSED = 0;
    private static final int OPEN = 1;
    private static final int HALF_OPEN = 2;
    private static final int FORCED_OPEN = 3;
    private static final int FORCED_CLOSED = 4;

    private static final VarHandle STATE;
    private static final VarHandle INDEX;
    private static final VarHandle FAILURES;
    private static final VarHandle TRIAL_PERMITS;
    private static final VarHandle TRIAL_SUCCESSES;
    private static final VarHandle TIMES_OPENED;
    private static final VarHandle OUTCOME = MethodHandles.arrayElementVarHandle(int[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(CircuitBreaker.class, "state", int.class);
            INDEX = lookup.findVarHandle(CircuitBreaker.class, "index", long.class);
            FAILURES = lookup.findVarHandle(CircuitBreaker.class, "failures", int.class);
            TRIAL_PERMITS = lookup.findVarHandle(CircuitBreaker.class, "trialPermits", int.class);
            TRIAL_SUCCESSES = lookup.findVarHandle(CircuitBreaker.class, "trialSuccesses", int.class);
            TIMES_OPENED = lookup.findVarHandle(CircuitBreaker.class, "timesOpened", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String policy;
    private final int window;
    private final double failureRatio;
    private final int failureThreshold;
    private final long delayNanos;
    private final int successThreshold;
    private final LongSupplier clock;
    private final CircuitBreakerListener listener;

    private volatile int state = CLOSED;
    /** The outcome of each slot of the rolling window: 1 failed, 0 otherwise. */
    private final int[] outcomes;
    /** How many outcomes were recorded in all: the next slot is {@code index % window}. */
    private volatile long index;
    private volatile long windowStart;
    private volatile boolean windowFull;
    private volatile int failures;
    private volatile long openedAt;
    /** Failed attempts in the window when the breaker last opened. */
    private volatile int failuresWhenOpened;
    private volatile int trialPermits;
    /**
     * The permit of the trials of the current half-open episode: {@link #TRIAL_PERMIT} for the first episode, then
     * {@code TRIAL_PERMIT + 2}, {@code + 4}... (even numbers, so never another kind of permit), so that a trial of an
     * earlier episode cannot count in this one.
     */
    private volatile int trialPermit;
    private volatile int trialSuccesses;
    /** How many times the breaker opened (or was forced open), and when it last changed state (epoch millis). */
    private volatile long timesOpened;
    private volatile long stateSince = System.currentTimeMillis();

    /** A breaker that reports to nobody. */
    public CircuitBreaker(String policy, int requestVolumeThreshold, double failureRatio, long delayNanos,
            int successThreshold, LongSupplier clock) {
        this(policy, requestVolumeThreshold, failureRatio, delayNanos, successThreshold, clock, RetryEvents.NONE);
    }

    /**
     * @param policy the policy name ({@code ""} is the default policy)
     * @param requestVolumeThreshold size of the rolling window, {@code >= 1}
     * @param failureRatio failures in a full window that open the breaker, in {@code (0, 1]}
     * @param delayNanos how long the breaker stays open before trial attempts
     * @param successThreshold trial attempts that must succeed to close it again, {@code >= 1}
     * @param clock monotonic nanoseconds
     * @param events asked once, here, for the breaker's listener (which may read the breaker's settings)
     */
    public CircuitBreaker(String policy, int requestVolumeThreshold, double failureRatio, long delayNanos,
            int successThreshold, LongSupplier clock, RetryEvents events) {
        if (requestVolumeThreshold < 1 || !(failureRatio > 0 && failureRatio <= 1) || delayNanos < 0
                || successThreshold < 1) {
            throw new IllegalArgumentException("Invalid circuit breaker: requestVolumeThreshold="
                    + requestVolumeThreshold + ", failureRatio=" + failureRatio + ", delay=" + delayNanos
                    + "ns, successThreshold=" + successThreshold);
        }
        this.policy = policy;
        this.window = requestVolumeThreshold;
        this.failureRatio = failureRatio;
        this.failureThreshold = failureThreshold(failureRatio, requestVolumeThreshold);
        this.delayNanos = delayNanos;
        this.successThreshold = successThreshold;
        this.clock = clock;
        this.outcomes = new int[requestVolumeThreshold];
        this.listener = events.forCircuitBreaker(this);
    }

    /**
     * The fewest failures whose fraction of the window reaches {@code ratio}. Not just {@code ceil(ratio * window)}:
     * the product rounds ({@code 0.07 * 100} is {@code 7.000000000000001}, whose ceiling would ask for 8 failures).
     */
    private static int failureThreshold(double ratio, int window) {
        int threshold = (int) Math.ceil(ratio * window);
        while (threshold > 1 && (threshold - 1) / (double) window >= ratio) {
            threshold--;
        }
        while (threshold < window && threshold / (double) window < ratio) {
            threshold++;
        }
        return threshold;
    }

    /** The policy name, {@code ""} for the default policy. */
    public String policy() {
        return policy;
    }

    /** The policy name as logs show it: {@code <default>} for the default policy. */
    public String displayName() {
        return policy.isEmpty() ? "<default>" : policy;
    }

    public int requestVolumeThreshold() {
        return window;
    }

    public double failureRatio() {
        return failureRatio;
    }

    public long delayNanos() {
        return delayNanos;
    }

    public int successThreshold() {
        return successThreshold;
    }

    /** How many times the breaker opened or was forced open. */
    public long timesOpened() {
        return timesOpened;
    }

    /** When the breaker last changed state, epoch milliseconds (its creation before the first change). */
    public long stateSince() {
        return stateSince;
    }

    /** The failed fraction of the current rolling window (of its size, not of the attempts seen so far). */
    public double windowFailureRatio() {
        return failures / (double) window;
    }

    private void changed(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
        if (to == CircuitBreakerState.OPEN || to == CircuitBreakerState.FORCED_OPEN) {
            TIMES_OPENED.getAndAdd(this, 1L);
        }
        stateSince = System.currentTimeMillis();
        listener.stateChanged(from, to, byOperator);
    }

    /** Failed attempts in the rolling window when the breaker last opened. */
    public int failuresWhenOpened() {
        return failuresWhenOpened;
    }

    /** Failed attempts in the current rolling window. */
    public int failuresInWindow() {
        return failures;
    }

    /** Nanoseconds until an open breaker lets a trial attempt through; {@code 0} when it is not open. */
    public long remainingOpenNanos() {
        if (state != OPEN) {
            return 0;
        }
        return Math.max(0, delayNanos - (clock.getAsLong() - openedAt));
    }

    public CircuitBreakerState state() {
        int s = state;
        if (s == OPEN && clock.getAsLong() - openedAt >= delayNanos) {
            return CircuitBreakerState.HALF_OPEN; // the next attempt will be a trial
        }
        return toPublic(s);
    }

    private static CircuitBreakerState toPublic(int state) {
        switch (state) {
            case CLOSED:
                return CircuitBreakerState.CLOSED;
            case OPEN:
                return CircuitBreakerState.OPEN;
            case HALF_OPEN:
                return CircuitBreakerState.HALF_OPEN;
            case FORCED_OPEN:
                return CircuitBreakerState.FORCED_OPEN;
            default:
                return CircuitBreakerState.FORCED_CLOSED;
        }
    }

    /** Whether an attempt started now would be refused (without taking a permit). */
    public boolean isRefusing() {
        int s = state;
        if (s == FORCED_OPEN) {
            return true;
        }
        if (s == OPEN) {
            return clock.getAsLong() - openedAt < delayNanos;
        }
        return s == HALF_OPEN && trialPermits <= 0;
    }

    /**
     * @return a permit to pass to {@link #onSuccess}, {@link #onFailure} or {@link #onIgnored}, or {@link #REFUSED}
     */
    public int tryAcquire() {
        // the closed state is the hot path: kept small enough to inline (see benchmarks/README.md)
        return state == CLOSED ? CLOSED_PERMIT : tryAcquireSlow();
    }

    private int tryAcquireSlow() {
        int permit = acquire();
        if (permit == REFUSED) {
            listener.attempt(AttemptResult.REJECTED);
        }
        return permit;
    }

    private int acquire() {
        while (true) {
            int s = state;
            if (s == CLOSED) {
                return CLOSED_PERMIT;
            }
            if (s == FORCED_CLOSED) {
                return UNCOUNTED_PERMIT;
            }
            if (s == FORCED_OPEN) {
                return REFUSED;
            }
            if (s == OPEN) {
                if (clock.getAsLong() - openedAt < delayNanos) {
                    return REFUSED;
                }
                if (STATE.compareAndSet(this, OPEN, HALF_OPEN)) {
                    int next = trialPermit + 2;
                    trialPermit = next < TRIAL_PERMIT ? TRIAL_PERMIT : next; // the first episode, or past overflow
                    TRIAL_SUCCESSES.setVolatile(this, 0);
                    TRIAL_PERMITS.setVolatile(this, successThreshold);
                    changed(CircuitBreakerState.OPEN, CircuitBreakerState.HALF_OPEN, false);
                }
                continue;
            }
            // HALF_OPEN
            int permits = trialPermits;
            if (permits <= 0) {
                return REFUSED;
            }
            if (TRIAL_PERMITS.compareAndSet(this, permits, permits - 1)) {
                return trialPermit;
            }
        }
    }

    /** The attempt succeeded. */
    public void onSuccess(int permit) {
        listener.attempt(AttemptResult.SUCCESS);
        countSuccess(permit);
    }

    /** The attempt failed with a failure that does not count against the breaker: recorded as a success. */
    public void onIgnored(int permit) {
        listener.attempt(AttemptResult.IGNORED);
        countSuccess(permit);
    }

    /**
     * The attempt was cancelled by its caller before its outcome was known, and never will be: nothing is counted,
     * and a trial permit is given back so that another trial can run (otherwise cancelled trials would leave a
     * half-open breaker refusing every attempt for good). Reported as {@link AttemptResult#IGNORED}.
     */
    public void onCancelled(int permit) {
        listener.attempt(AttemptResult.IGNORED);
        if (state == HALF_OPEN && permit == trialPermit) { // a trial of this episode: its place is free again
            TRIAL_PERMITS.getAndAdd(this, 1);
        }
    }

    private void countSuccess(int permit) {
        if (permit == CLOSED_PERMIT) {
            if (windowFull && failures == 0) {
                return; // a full window of successes stays one: healthy calls only read
            }
            record(0);
        } else {
            onTrialSuccess(permit);
        }
    }

    private void onTrialSuccess(int permit) {
        if (state == HALF_OPEN && permit == trialPermit) {
            if ((int) TRIAL_SUCCESSES.getAndAdd(this, 1) + 1 >= successThreshold) {
                if (STATE.compareAndSet(this, HALF_OPEN, CLOSED)) {
                    clearWindow();
                    changed(CircuitBreakerState.HALF_OPEN, CircuitBreakerState.CLOSED, false);
                }
            } else {
                TRIAL_PERMITS.getAndAdd(this, 1); // let the next trial in
            }
        }
    }

    /** The attempt failed with a failure that counts against the breaker. */
    public void onFailure(int permit) {
        listener.attempt(AttemptResult.FAILURE);
        if (permit == CLOSED_PERMIT) {
            record(1);
        } else if (permit == trialPermit && STATE.compareAndSet(this, HALF_OPEN, OPEN)) {
            openedAt = clock.getAsLong();
            changed(CircuitBreakerState.HALF_OPEN, CircuitBreakerState.OPEN, false);
        }
    }

    private void record(int outcome) {
        long i = (long) INDEX.getAndAdd(this, 1L);
        int slot = (int) (i % window);
        if ((int) OUTCOME.getVolatile(outcomes, slot) != outcome) {
            int previous = (int) OUTCOME.getAndSet(outcomes, slot, outcome);
            if (previous != outcome) {
                FAILURES.getAndAdd(this, outcome == 1 ? 1 : -1);
            }
        }
        if (!windowFull && i - windowStart + 1 >= window) {
            windowFull = true;
        }
        if (outcome == 1 && i - windowStart + 1 >= window) {
            int failed = failures;
            if (failed >= failureThreshold && STATE.compareAndSet(this, CLOSED, OPEN)) {
                openedAt = clock.getAsLong();
                failuresWhenOpened = failed;
                changed(CircuitBreakerState.CLOSED, CircuitBreakerState.OPEN, false);
            }
        }
    }

    private void clearWindow() {
        for (int i = 0; i < window; i++) {
            OUTCOME.setVolatile(outcomes, i, 0);
        }
        failures = 0;
        windowStart = index;
        windowFull = false;
    }

    /** Opens the breaker until {@link #reset()}: every attempt fails fast. */
    public void forceOpen() {
        CircuitBreakerState from = toPublic((int) STATE.getAndSet(this, FORCED_OPEN));
        changed(from, CircuitBreakerState.FORCED_OPEN, true);
    }

    /** Closes the breaker until {@link #reset()}: every attempt passes, nothing is counted. */
    public void forceClosed() {
        CircuitBreakerState from = toPublic((int) STATE.getAndSet(this, FORCED_CLOSED));
        changed(from, CircuitBreakerState.FORCED_CLOSED, true);
    }

    /** Back to a normal closed breaker with an empty rolling window. */
    public void reset() {
        clearWindow();
        CircuitBreakerState from = toPublic((int) STATE.getAndSet(this, CLOSED));
        changed(from, CircuitBreakerState.CLOSED, true);
    }
}
