package io.quarkiverse.retry.runtime.budget;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A retry budget in the spirit of Finagle's {@code RetryBudget}: every first attempt deposits, every retry withdraws
 * one unit, and a retry is allowed only while the budget holds a unit. A first attempt is never blocked.
 * <p>
 * Over any {@code window}, retries are limited to {@code ratio × first attempts + min-retries-per-second × window}.
 * Unlike Finagle, the credit saved up during a quiet window cannot all be spent at once: in any one second, retries
 * are also limited to {@code max(1, min-retries-per-second × window, burst-factor × (ratio × average first attempts
 * per second + min-retries-per-second))}, the average taken over the window (or over the budget's age while it is
 * younger than its window). Without that cap, the first second of an outage could spend ten seconds of
 * saved credit and triple the load on the failing dependency. The floor's reserve ({@code min-retries-per-second ×
 * window}) stays spendable at once, as in Finagle, so that low-traffic services can retry a burst of failures.
 * <p>
 * Counting is lock-free and allocation-free: the window is a ring of 100 ms slots, each with striped
 * ({@link LongAdder}) counters; deposits touch one slot, only withdrawals (retries) sum the ring. Under concurrency a
 * decision reads the counters and then withdraws, so N threads racing for the last unit may together overdraw by at
 * most N − 1 units; a slot being recycled may lose the few increments that race with its reset.
 */
public final class RetryBudget {

    /** Resolution of the window. */
    static final long SLOT_NANOS = 100_000_000L;
    private static final int SLOTS_PER_SECOND = 10;

    private final String name;
    private final double ratio;
    private final double minRetriesPerSecond;
    private final double windowSeconds;
    private final double burstFactor;
    private final LongSupplier clock;
    private final Slot[] ring;
    private final int windowSlots;
    private final long createdEpoch;
    private final AtomicLong lastExhaustedLog = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param name shown in logs ({@code shared} or the policy's name)
     * @param ratio fraction of first attempts that may be retried, {@code >= 0}
     * @param minRetriesPerSecond retries always allowed per second, {@code >= 0}
     * @param windowNanos how long deposits and withdrawals count, at least one second
     * @param burstFactor how far above the sustained rate retries may go in one second, {@code >= 1}
     * @param clock monotonic nanoseconds; a coarse clock is fine (100 ms slots)
     */
    public RetryBudget(String name, double ratio, double minRetriesPerSecond, long windowNanos, double burstFactor,
            LongSupplier clock) {
        if (!(ratio >= 0) || !(minRetriesPerSecond >= 0) || windowNanos < 1_000_000_000L || !(burstFactor >= 1)) {
            throw new IllegalArgumentException("Invalid retry budget: ratio=" + ratio + ", minRetriesPerSecond="
                    + minRetriesPerSecond + ", window=" + windowNanos + "ns, burstFactor=" + burstFactor);
        }
        this.name = name;
        this.ratio = ratio;
        this.minRetriesPerSecond = minRetriesPerSecond;
        this.windowSlots = (int) Math.min(100_000, (windowNanos + SLOT_NANOS - 1) / SLOT_NANOS);
        this.windowSeconds = windowSlots / (double) SLOTS_PER_SECOND;
        this.burstFactor = burstFactor;
        this.clock = clock;
        this.createdEpoch = clock.getAsLong() / SLOT_NANOS;
        this.ring = new Slot[windowSlots];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = new Slot();
        }
    }

    public String name() {
        return name;
    }

    public double ratio() {
        return ratio;
    }

    public double minRetriesPerSecond() {
        return minRetriesPerSecond;
    }

    public double windowSeconds() {
        return windowSeconds;
    }

    public double burstFactor() {
        return burstFactor;
    }

    /** A first attempt starts. Never blocks, never fails. */
    public void deposit() {
        slot(clock.getAsLong() / SLOT_NANOS).deposits.increment();
    }

    /**
     * Asks for one retry.
     *
     * @return {@code true} and withdraws one unit if the budget allows a retry now; {@code false} otherwise
     */
    public boolean tryWithdraw() {
        long epoch = clock.getAsLong() / SLOT_NANOS;
        if (headroom(epoch) < 1) {
            return false;
        }
        slot(epoch).withdrawals.increment();
        return true;
    }

    /** Retries that would be allowed right now (nothing is withdrawn): for metrics and tests. */
    public long available() {
        return (long) Math.max(0, Math.floor(headroom(clock.getAsLong() / SLOT_NANOS)));
    }

    /** How many more retries both limits allow now; may be negative after a concurrent overdraw. */
    private double headroom(long epoch) {
        long deposits = 0;
        long withdrawals = 0;
        long recentWithdrawals = 0;
        for (Slot s : ring) {
            long age = epoch - s.epoch.get();
            if (age >= 0 && age < windowSlots) {
                deposits += s.deposits.sum();
                long w = s.withdrawals.sum();
                withdrawals += w;
                if (age < SLOTS_PER_SECOND) {
                    recentWithdrawals += w;
                }
            }
        }
        double window = ratio * deposits + minRetriesPerSecond * windowSeconds - withdrawals;
        // a budget younger than its window averages its deposits over its age, not over the whole window
        double seconds = Math.max(1.0, Math.min(windowSeconds, (epoch - createdEpoch + 1) / (double) SLOTS_PER_SECOND));
        double sustainedPerSecond = ratio * deposits / seconds + minRetriesPerSecond;
        double burst = Math.max(Math.max(1.0, minRetriesPerSecond * windowSeconds), burstFactor * sustainedPerSecond)
                - recentWithdrawals;
        return Math.min(window, burst);
    }

    /**
     * Whether a "budget exhausted" line should be logged now: at most once per second per budget, however many calls
     * are denied.
     */
    public boolean shouldLogExhaustion() {
        long now = clock.getAsLong();
        long last = lastExhaustedLog.get();
        return (last == Long.MIN_VALUE || now - last >= 1_000_000_000L) && lastExhaustedLog.compareAndSet(last, now);
    }

    private Slot slot(long epoch) {
        Slot s = ring[(int) Math.floorMod(epoch, (long) ring.length)];
        long current = s.epoch.get();
        if (current != epoch && current < epoch && s.epoch.compareAndSet(current, epoch)) {
            s.deposits.reset();
            s.withdrawals.reset();
        }
        return s;
    }

    private static final class Slot {
        final AtomicLong epoch = new AtomicLong(Long.MIN_VALUE);
        final LongAdder deposits = new LongAdder();
        final LongAdder withdrawals = new LongAdder();
    }
}
