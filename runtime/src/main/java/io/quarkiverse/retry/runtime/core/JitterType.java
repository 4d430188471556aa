package io.quarkiverse.retry.runtime.core;

/**
 * How a retry wait is randomized around the exponential delay {@code exp(n) = min(max-delay, base-delay *
 * multiplier^(n-1))}. Each constant creates its own {@link Jitter} strategy.
 */
public enum JitterType {

    /** Exactly {@code exp(n)}: every client waits the same time. */
    NONE {
        @Override
        public Jitter strategy(double jitterFactor) {
            return Jitter.NONE;
        }
    },
    /** Uniform in {@code [exp(n) * (1 - jitter-factor), exp(n)]}: at most {@code jitter-factor} shorter. */
    PROPORTIONAL {
        @Override
        public Jitter strategy(double jitterFactor) {
            return Jitter.proportional(jitterFactor);
        }
    },
    /** Uniform in {@code [0, exp(n)]}. */
    FULL {
        @Override
        public Jitter strategy(double jitterFactor) {
            return Jitter.FULL;
        }
    },
    /** {@code exp(n)/2} plus uniform in {@code [0, exp(n)/2]}. */
    EQUAL {
        @Override
        public Jitter strategy(double jitterFactor) {
            return Jitter.EQUAL;
        }
    },
    /** {@code min(max-delay, uniform in [base-delay, 3 * previous wait])}, the previous wait starting at base-delay. */
    DECORRELATED {
        @Override
        public Jitter strategy(double jitterFactor) {
            return Jitter.DECORRELATED;
        }
    };

    /**
     * @param jitterFactor the {@code jitter-factor}, used by {@link #PROPORTIONAL} only
     */
    public abstract Jitter strategy(double jitterFactor);
}
