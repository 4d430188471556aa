package io.quarkiverse.retry.runtime.core;

/**
 * Computes retry waits: {@code exp(n) = min(max, base * multiplier^(n-1))} for the n-th retry (n = 1 for the first
 * retry), randomized by a {@link Jitter} strategy and clamped to {@code [0, max]}. Immutable and thread-safe; all
 * durations are nanoseconds. No result is ever negative, NaN or above {@code max}, whatever the retry number.
 */
public final class Backoff {

    private final long base;
    private final long max;
    private final double multiplier;
    private final Jitter jitter;
    private final RandomSource random;

    public Backoff(long baseNanos, long maxNanos, double multiplier, Jitter jitter, RandomSource random) {
        if (baseNanos < 0 || maxNanos < baseNanos) {
            throw new IllegalArgumentException("Need 0 <= base <= max, got base=" + baseNanos + "ns, max=" + maxNanos + "ns");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("Need a finite multiplier >= 1, got " + multiplier);
        }
        this.base = baseNanos;
        this.max = maxNanos;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.random = random;
    }

    public long baseNanos() {
        return base;
    }

    public long maxNanos() {
        return max;
    }

    /**
     * The capped exponential delay before jitter for the n-th retry ({@code n >= 1}; smaller values count as 1).
     */
    public long exponentialNanos(int retry) {
        if (base == 0) {
            return 0;
        }
        if (retry <= 1 || multiplier == 1.0) {
            return base;
        }
        double delay = base * Math.pow(multiplier, retry - 1);
        // Infinity and values past max (including past Long.MAX_VALUE) end up at max.
        return delay >= max ? max : (long) delay;
    }

    /**
     * The wait before the n-th retry.
     *
     * @param retry n, 1 for the first retry
     * @param previousNanos the previous wait of the same call, or {@link #baseNanos()} before the first retry (only
     *        decorrelated jitter reads it)
     */
    public long delayNanos(int retry, long previousNanos) {
        if (max == 0 || (base == 0 && previousNanos <= 0)) {
            return 0; // every jitter of a zero delay is zero: no random number drawn
        }
        long exponential = exponentialNanos(retry);
        if (jitter == Jitter.NONE) {
            return exponential; // exactly: above 2^53 ns a long does not survive the round trip through a double
        }
        double delay = jitter.delay(exponential, previousNanos, base, max, random);
        if (!(delay > 0)) { // also catches NaN
            return 0;
        }
        long wait = delay >= max ? max : (long) delay;
        // decorrelated waits start at base, which a double may round below (above 2^53 ns)
        return jitter == Jitter.DECORRELATED && wait < base ? base : wait;
    }
}
