package io.quarkiverse.retry.runtime.budget;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A retry budget in the spirit of Finagle's {@code RetryBudget}: every first attempt deposits, every retry withdraws
 * one unit, and a retry is allowed only while the budget holds a unit. A first attempt is never blocked.
 * <p>
 * A retry is allowed only while the retries of the last {@code window}, itself included, stay within
 * {@code ratio × first attempts + min-retries-per-second × window}, both counted over that window. Credit is spent
 * when retries need it, not when it was deposited, so a window may hold retries paid for by the first attempts of the
 * window before it: over an arbitrary window, retries are limited to {@code ratio ×} the first attempts of that window
 * and of the one before it {@code + min-retries-per-second × window}.
 * Unlike Finagle, the credit saved up during a quiet window cannot all be spent at once: in any one second, retries
 * are also limited to {@code max(1, min-retries-per-second × window, burst-factor × (ratio × average first attempts
 * per second + min-retries-per-second))}, the average taken over the window (or over the budget's age while it is
 * younger than its window). Without that cap, the first second of an outage could spend ten seconds of saved credit
 * and triple the load on the failing dependency. The floor's reserve ({@code min-retries-per-second × window}) stays
 * spendable at once, as in Finagle, so that low-traffic services can retry a burst of failures.
 * <p>
 * Counting is lock-free and allocation-free, and a deposit costs a few plain operations: deposits go to per-thread
 * stripes of plain counters (no atomic read-modify-write), retries to a {@link LongAdder}. Time is cut into 100 ms
 * slots; the first operation of each slot records the running totals in a ring, so that the counts of any window are
 * two subtractions. Approximations, all small: a deposit racing with the start of a slot may be counted in either
 * slot; two threads that share a stripe and deposit at the same instant may lose one deposit; threads racing for the
 * last unit may overdraw it by at most one unit per racing thread.
 * <p>
 * Threading: one budget is shared by every thread of the application. Fields are updated through {@link VarHandle}s
 * (opaque stores for the stripes, a compare-and-set that elects the thread recording a new slot); nothing blocks and
 * nothing allocates per call.
 */
public final class RetryBudget {

    /** Resolution of the window. */
    static final long SLOT_NANOS = 100_000_000L;
    private static final int SLOTS_PER_SECOND = 10;

    private static final VarHandle COUNT;
    private static final VarHandle ROLLING;
    private static final VarHandle LAST_EXHAUSTED_LOG;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            COUNT = lookup.findVarHandle(Stripe.class, "count", long.class);
            ROLLING = lookup.findVarHandle(RetryBudget.class, "rolling", int.class);
            LAST_EXHAUSTED_LOG = lookup.findVarHandle(RetryBudget.class, "lastExhaustedLog", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How the name of a budget of one policy's own starts ({@code of policy payments}). */
    public static final String OWN_PREFIX = "of policy ";

    private final String name;
    private final double ratio;
    private final double minRetriesPerSecond;
    private final double windowSeconds;
    private final double burstFactor;
    private final LongSupplier clock;
    private final int windowSlots;
    private final long createdEpoch;

    private final Stripe[] stripes;
    private final int stripeMask;
    private final LongAdder withdrawals = new LongAdder();
    private final LongAdder denials = new LongAdder();

    /** Per slot of the ring: the slot's epoch and the running totals when it began. */
    private final long[] ringEpoch;
    private final long[] ringDeposits;
    private final long[] ringWithdrawals;
    /** The start of the next slot: the hot path compares against it instead of dividing the clock. */
    private volatile long nextSlotStart = Long.MIN_VALUE;
    private volatile long currentEpoch = Long.MIN_VALUE;
    @SuppressWarnings("unused") // through ROLLING
    private volatile int rolling;
    @SuppressWarnings("unused") // through LAST_EXHAUSTED_LOG
    private volatile long lastExhaustedLog = Long.MIN_VALUE;

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
        this.createdEpoch = Math.floorDiv(clock.getAsLong(), SLOT_NANOS);
        int n = 1;
        while (n < 4 * Runtime.getRuntime().availableProcessors() && n < 64) {
            n <<= 1;
        }
        this.stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
        this.stripeMask = n - 1;
        int ringSize = windowSlots + 1;
        this.ringEpoch = new long[ringSize];
        Arrays.fill(ringEpoch, Long.MIN_VALUE);
        this.ringDeposits = new long[ringSize];
        this.ringWithdrawals = new long[ringSize];
    }

    public String name() {
        return name;
    }

    /** The name metrics and health report: {@code shared}, or the name of the policy whose own budget this is. */
    public String tag() {
        return name.startsWith(OWN_PREFIX) ? name.substring(OWN_PREFIX.length()) : name;
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
        long now = clock.getAsLong();
        if (now >= nextSlotStart) {
            roll(now);
        }
        Stripe s = stripes[(int) Thread.currentThread().getId() & stripeMask];
        COUNT.setOpaque(s, (long) COUNT.getOpaque(s) + 1);
    }

    /**
     * Asks for one retry.
     *
     * @return {@code true} and withdraws one unit if the budget allows a retry now; {@code false} otherwise
     */
    public boolean tryWithdraw() {
        long now = clock.getAsLong();
        if (now >= nextSlotStart) {
            roll(now);
        }
        if (headroom(Math.floorDiv(now, SLOT_NANOS)) < 1) {
            denials.increment();
            return false;
        }
        withdrawals.increment();
        return true;
    }

    /** Retries that would be allowed right now (nothing is withdrawn): for metrics and tests. */
    public long available() {
        long now = clock.getAsLong();
        if (now >= nextSlotStart) {
            roll(now);
        }
        return (long) Math.max(0, Math.floor(headroom(Math.floorDiv(now, SLOT_NANOS))));
    }

    /** Retries refused so far, since the budget was created. */
    public long denied() {
        return denials.sum();
    }

    /** First attempts counted so far, since the budget was created (for metrics; never decreases). */
    public double deposits() {
        return totalDeposits();
    }

    /**
     * Whether a "budget exhausted" line should be logged now: at most once per second per budget, however many calls
     * are denied.
     */
    public boolean shouldLogExhaustion() {
        long now = clock.getAsLong();
        long last = (long) LAST_EXHAUSTED_LOG.getVolatile(this);
        return (last == Long.MIN_VALUE || now - last >= 1_000_000_000L)
                && LAST_EXHAUSTED_LOG.compareAndSet(this, last, now);
    }

    /**
     * What the budget counted over its current window, for messages: {@code [first attempts, retries]}. Allocates;
     * never called on a call's success path.
     */
    public long[] windowCounts() {
        long now = clock.getAsLong();
        if (now >= nextSlotStart) {
            roll(now);
        }
        long epoch = Math.floorDiv(now, SLOT_NANOS);
        int at = find(epoch - windowSlots + 1, epoch);
        if (at < 0) {
            return new long[] { 0, 0 };
        }
        return new long[] { totalDeposits() - ringDeposits[at], withdrawals.sum() - ringWithdrawals[at] };
    }

    /** How many more retries both limits allow now; may be negative after a concurrent overdraw. */
    private double headroom(long epoch) {
        long deposits = totalDeposits();
        long withdrawn = withdrawals.sum();
        long windowStart = epoch - windowSlots + 1;
        int at = find(windowStart, epoch);
        long depositsInWindow = at < 0 ? 0 : deposits - ringDeposits[at];
        long withdrawalsInWindow = at < 0 ? 0 : withdrawn - ringWithdrawals[at];
        int recentAt = find(epoch - SLOTS_PER_SECOND + 1, epoch);
        long recentWithdrawals = recentAt < 0 ? 0 : withdrawn - ringWithdrawals[recentAt];

        double window = ratio * depositsInWindow + minRetriesPerSecond * windowSeconds - withdrawalsInWindow;
        // a budget younger than its window averages its deposits over its age, not over the whole window
        double seconds = Math.max(1.0, Math.min(windowSeconds, (epoch - createdEpoch + 1) / (double) SLOTS_PER_SECOND));
        double sustainedPerSecond = ratio * depositsInWindow / seconds + minRetriesPerSecond;
        double burst = Math.max(Math.max(1.0, minRetriesPerSecond * windowSeconds), burstFactor * sustainedPerSecond)
                - recentWithdrawals;
        return Math.min(window, burst);
    }

    /**
     * The ring index of the first slot recorded in {@code [from, to]}: its totals are the totals when {@code from}
     * began, since nothing was counted in the slots between. {@code -1} if no slot was recorded there.
     */
    private int find(long from, long to) {
        for (long e = Math.max(from, to - windowSlots); e <= to; e++) {
            int i = (int) Math.floorMod(e, (long) ringEpoch.length);
            if (ringEpoch[i] == e) {
                return i;
            }
        }
        return -1;
    }

    /** The first operation of a slot records the running totals; a racing thread just goes on. */
    private void roll(long now) {
        if (!ROLLING.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            long epoch = Math.floorDiv(now, SLOT_NANOS);
            if (epoch > currentEpoch) {
                int i = (int) Math.floorMod(epoch, (long) ringEpoch.length);
                ringDeposits[i] = totalDeposits();
                ringWithdrawals[i] = withdrawals.sum();
                ringEpoch[i] = epoch;
                currentEpoch = epoch;
                nextSlotStart = (epoch + 1) * SLOT_NANOS;
            }
        } finally {
            ROLLING.setVolatile(this, 0);
        }
    }

    private long totalDeposits() {
        long sum = 0;
        for (Stripe s : stripes) {
            sum += (long) COUNT.getOpaque(s);
        }
        return sum;
    }

    /** A counter on a cache line of its own. */
    @SuppressWarnings("unused")
    static final class Stripe {
        long p01, p02, p03, p04, p05, p06, p07;
        long count;
        long p11, p12, p13, p14, p15, p16, p17;
    }
}
