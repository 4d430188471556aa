package io.quarkiverse.retry.runtime.core;

/**
 * One way of turning the capped exponential delay into the actual wait. Implementations are stateless; the only
 * per-call state (the previous wait, used by decorrelated jitter) is passed in. All values are nanoseconds.
 */
@FunctionalInterface
public interface Jitter {

    /**
     * @param exponential {@code exp(n)}, already capped at {@code max}
     * @param previous the previous wait of this call ({@code base} before the first retry)
     * @param base the base delay
     * @param max the maximum delay
     * @param random the random source, read at most once
     * @return the wait; {@link Backoff} clamps it to {@code [0, max]}
     */
    double delay(long exponential, long previous, long base, long max, RandomSource random);

    /** No randomization. */
    Jitter NONE = (exponential, previous, base, max, random) -> exponential;

    /** Uniform in {@code [0, exp]}. */
    Jitter FULL = (exponential, previous, base, max, random) -> random.nextDouble() * exponential;

    /** {@code exp/2} plus uniform in {@code [0, exp/2]}. */
    Jitter EQUAL = (exponential, previous, base, max, random) -> {
        double half = exponential / 2.0;
        return half + random.nextDouble() * half;
    };

    /** {@code min(max, uniform in [base, 3 * previous])}; ignores {@code exp}. */
    Jitter DECORRELATED = (exponential, previous, base, max, random) -> {
        double upper = 3.0 * Math.max(previous, base);
        return Math.min(max, base + random.nextDouble() * (upper - base));
    };

    /**
     * Uniform in {@code [exp * (1 - factor), exp]}.
     */
    static Jitter proportional(double factor) {
        if (factor == 0.0) {
            return NONE;
        }
        return (exponential, previous, base, max, random) -> exponential - random.nextDouble() * factor * exponential;
    }
}
