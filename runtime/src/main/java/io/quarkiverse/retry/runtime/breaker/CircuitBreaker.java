package io.quarkiverse.retry.runtime.breaker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.quarkiverse.retry.CircuitBreakerState;

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
 * {@link #onSuccess(int)} or {@link #onFailure(int)} with that permit. Outcomes of attempts admitted in an earlier
 * state are ignored. Nothing allocates; under concurrency the window may count a racing outcome slightly late.
 */
public final class CircuitBreaker {

    public static final int REFUSED = 0;
    private static final int CLOSED = 0; // CircuitBreakerState.CLOSED.ordinal()
    static final int CLOSED_PERMIT = 1;
    static final int TRIAL_PERMIT = 2;
    static final int UNCOUNTED_PERMIT = 3;

    private static final Logger LOG = Logger.getLogger("io.quarkiverse.retry");

    private final String policy;
    private final int window;
    private final double failureRatio;
    private final int failureThreshold;
    private final long delayNanos;
    private final int successThreshold;
    private final LongSupplier clock;

    private final AtomicInteger state = new AtomicInteger(CircuitBreakerState.CLOSED.ordinal());
    private final AtomicIntegerArray outcomes;
    private final AtomicLong index = new AtomicLong();
    private volatile long windowStart;
    private volatile boolean windowFull;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long openedAt;
    private final AtomicInteger trialPermits = new AtomicInteger();
    private final AtomicInteger trialSuccesses = new AtomicInteger();

    /**
     * @param policy the policy name, for logs ({@code ""} is the default policy)
     * @param requestVolumeThreshold size of the rolling window, {@code >= 1}
     * @param failureRatio failures in a full window that open the breaker, in {@code (0, 1]}
     * @param delayNanos how long the breaker stays open before trial attempts
     * @param successThreshold trial attempts that must succeed to close it again, {@code >= 1}
     * @param clock monotonic nanoseconds
     */
    public CircuitBreaker(String policy, int requestVolumeThreshold, double failureRatio, long delayNanos,
            int successThreshold, LongSupplier clock) {
        if (requestVolumeThreshold < 1 || !(failureRatio > 0 && failureRatio <= 1) || delayNanos < 0
                || successThreshold < 1) {
            throw new IllegalArgumentException("Invalid circuit breaker: requestVolumeThreshold="
                    + requestVolumeThreshold + ", failureRatio=" + failureRatio + ", delay=" + delayNanos
                    + "ns, successThreshold=" + successThreshold);
        }
        this.policy = policy;
        this.window = requestVolumeThreshold;
        this.failureRatio = failureRatio;
        this.failureThreshold = (int) Math.ceil(failureRatio * requestVolumeThreshold);
        this.delayNanos = delayNanos;
        this.successThreshold = successThreshold;
        this.clock = clock;
        this.outcomes = new AtomicIntegerArray(requestVolumeThreshold);
    }

    public String policy() {
        return policy;
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

    public CircuitBreakerState state() {
        CircuitBreakerState s = CircuitBreakerState.values()[state.get()];
        if (s == CircuitBreakerState.OPEN && clock.getAsLong() - openedAt >= delayNanos) {
            return CircuitBreakerState.HALF_OPEN; // the next attempt will be a trial
        }
        return s;
    }

    /** Whether an attempt started now would be refused (without taking a permit). */
    public boolean isRefusing() {
        int s = state.get();
        if (s == CircuitBreakerState.FORCED_OPEN.ordinal()) {
            return true;
        }
        if (s == CircuitBreakerState.OPEN.ordinal()) {
            return clock.getAsLong() - openedAt < delayNanos;
        }
        return s == CircuitBreakerState.HALF_OPEN.ordinal() && trialPermits.get() <= 0;
    }

    /**
     * @return a permit to pass to {@link #onSuccess}/{@link #onFailure}, or {@link #REFUSED}
     */
    public int tryAcquire() {
        // the closed state is the hot path: keep it small enough to inline
        return state.get() == CLOSED ? CLOSED_PERMIT : tryAcquireSlow();
    }

    private int tryAcquireSlow() {
        while (true) {
            int s = state.get();
            if (s == CircuitBreakerState.CLOSED.ordinal()) {
                return CLOSED_PERMIT;
            }
            if (s == CircuitBreakerState.FORCED_CLOSED.ordinal()) {
                return UNCOUNTED_PERMIT;
            }
            if (s == CircuitBreakerState.FORCED_OPEN.ordinal()) {
                return REFUSED;
            }
            if (s == CircuitBreakerState.OPEN.ordinal()) {
                if (clock.getAsLong() - openedAt < delayNanos) {
                    return REFUSED;
                }
                if (state.compareAndSet(s, CircuitBreakerState.HALF_OPEN.ordinal())) {
                    trialSuccesses.set(0);
                    trialPermits.set(successThreshold);
                    LOG.debugf("Circuit breaker of retry policy %s is half-open: allowing %d trial attempt(s)",
                            display(), successThreshold);
                }
                continue;
            }
            // HALF_OPEN
            int permits = trialPermits.get();
            if (permits <= 0) {
                return REFUSED;
            }
            if (trialPermits.compareAndSet(permits, permits - 1)) {
                return TRIAL_PERMIT;
            }
        }
    }

    public void onSuccess(int permit) {
        if (permit == CLOSED_PERMIT) {
            if (windowFull && failures.get() == 0) {
                return; // a full window of successes stays one: healthy calls only read
            }
            record(0);
        } else {
            onTrialSuccess(permit);
        }
    }

    private void onTrialSuccess(int permit) {
        if (permit == TRIAL_PERMIT && state.get() == CircuitBreakerState.HALF_OPEN.ordinal()) {
            if (trialSuccesses.incrementAndGet() >= successThreshold) {
                if (state.compareAndSet(CircuitBreakerState.HALF_OPEN.ordinal(), CircuitBreakerState.CLOSED.ordinal())) {
                    clearWindow();
                    LOG.infof("Circuit breaker of retry policy %s closed after %d successful trial attempt(s)",
                            display(), successThreshold);
                }
            } else {
                trialPermits.incrementAndGet(); // let the next trial in
            }
        }
    }

    public void onFailure(int permit) {
        if (permit == CLOSED_PERMIT) {
            record(1);
        } else if (permit == TRIAL_PERMIT
                && state.compareAndSet(CircuitBreakerState.HALF_OPEN.ordinal(), CircuitBreakerState.OPEN.ordinal())) {
            openedAt = clock.getAsLong();
            LOG.infof("Circuit breaker of retry policy %s re-opened: a trial attempt failed; next trial in %d ms",
                    display(), delayNanos / 1_000_000);
        }
    }

    private void record(int outcome) {
        long i = index.getAndIncrement();
        int slot = (int) (i % window);
        if (outcomes.get(slot) != outcome) {
            int previous = outcomes.getAndSet(slot, outcome);
            if (previous != outcome) {
                if (outcome == 1) {
                    failures.incrementAndGet();
                } else {
                    failures.decrementAndGet();
                }
            }
        }
        if (!windowFull && i - windowStart + 1 >= window) {
            windowFull = true;
        }
        if (outcome == 1 && i - windowStart + 1 >= window) {
            int failed = failures.get();
            if (failed >= failureThreshold
                    && state.compareAndSet(CircuitBreakerState.CLOSED.ordinal(), CircuitBreakerState.OPEN.ordinal())) {
                openedAt = clock.getAsLong();
                LOG.infof("Circuit breaker of retry policy %s opened: %d of the last %d attempts failed (ratio %.2f,"
                        + " threshold %.2f); attempts fail fast for %d ms", display(), failed, window,
                        failed / (double) window, failureRatio, delayNanos / 1_000_000);
            }
        }
    }

    private void clearWindow() {
        for (int i = 0; i < window; i++) {
            outcomes.set(i, 0);
        }
        failures.set(0);
        windowStart = index.get();
        windowFull = false;
    }

    public void forceOpen() {
        state.set(CircuitBreakerState.FORCED_OPEN.ordinal());
        LOG.infof("Circuit breaker of retry policy %s forced open", display());
    }

    public void forceClosed() {
        state.set(CircuitBreakerState.FORCED_CLOSED.ordinal());
        LOG.infof("Circuit breaker of retry policy %s forced closed", display());
    }

    public void reset() {
        clearWindow();
        state.set(CircuitBreakerState.CLOSED.ordinal());
        LOG.infof("Circuit breaker of retry policy %s reset to closed", display());
    }

    private String display() {
        return policy.isEmpty() ? "<default>" : policy;
    }
}
