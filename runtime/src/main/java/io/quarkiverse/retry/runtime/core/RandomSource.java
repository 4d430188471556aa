package io.quarkiverse.retry.runtime.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Source of uniform random numbers in {@code [0, 1)}. Production code uses {@link #threadLocal()}; tests inject a
 * deterministic source.
 */
@FunctionalInterface
public interface RandomSource {

    double nextDouble();

    static RandomSource threadLocal() {
        return ThreadLocalRandomSource.INSTANCE;
    }

    /** Contention-free: every thread draws from its own generator. */
    final class ThreadLocalRandomSource implements RandomSource {
        static final ThreadLocalRandomSource INSTANCE = new ThreadLocalRandomSource();

        private ThreadLocalRandomSource() {
        }

        @Override
        public double nextDouble() {
            return ThreadLocalRandom.current().nextDouble();
        }
    }
}
