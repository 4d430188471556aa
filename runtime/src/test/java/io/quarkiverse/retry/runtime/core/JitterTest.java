package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.SECOND;
import static io.quarkiverse.retry.runtime.core.TestSupport.constant;
import static io.quarkiverse.retry.runtime.core.TestSupport.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exact values with deterministic random sources and statistical properties over 100,000 seeded draws, for every
 * jitter type, both on the raw {@link Jitter} strategies and through {@link Backoff}.
 */
class JitterTest {

    private static final int DRAWS = 100_000;
    /** base 1 s, multiplier 2, max 30 s: exp(3) = 4 s, exp(6) = 30 s (capped). */
    private static final long BASE = SECOND;
    private static final long MAX = 30 * SECOND;
    private static final long EXP3 = 4 * SECOND;
    private static final double ALMOST_ONE = 0.999999;

    private static Backoff backoff(JitterType type, RandomSource random) {
        return new Backoff(BASE, MAX, 2.0, type.strategy(0.1), random);
    }

    private static Backoff backoff(Jitter jitter, RandomSource random) {
        return new Backoff(BASE, MAX, 2.0, jitter, random);
    }

    /** Mean, min, max and a 10-bucket histogram of draws relative to [lo, hi]. */
    private static final class Stats {
        final double lo;
        final double hi;
        final int[] buckets = new int[10];
        double sum;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int n;

        Stats(double lo, double hi) {
            this.lo = lo;
            this.hi = hi;
        }

        void add(long v) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            n++;
            int b = (int) ((v - lo) / (hi - lo) * 10);
            buckets[Math.min(9, Math.max(0, b))]++;
        }

        double mean() {
            return sum / n;
        }

        void assertUniform() {
            for (int i = 0; i < buckets.length; i++) {
                assertThat(buckets[i] / (double) n).as("bucket %s of %s", i, java.util.Arrays.toString(buckets))
                        .isCloseTo(0.1, within(0.01));
            }
        }
    }

    // ---------------------------------------------------------------- strategies per type

    @Test
    void jitterTypesMapToTheirStrategies() {
        assertThat(JitterType.NONE.strategy(0.1)).isSameAs(Jitter.NONE);
        assertThat(JitterType.FULL.strategy(0.1)).isSameAs(Jitter.FULL);
        assertThat(JitterType.EQUAL.strategy(0.1)).isSameAs(Jitter.EQUAL);
        assertThat(JitterType.DECORRELATED.strategy(0.1)).isSameAs(Jitter.DECORRELATED);
        assertThat(JitterType.PROPORTIONAL.strategy(0.1).delay(1000, 0, 0, 1000, constant(ALMOST_ONE)))
                .isCloseTo(900, within(0.01));
        assertThat(JitterType.PROPORTIONAL.strategy(0.3).delay(1000, 0, 0, 1000, constant(ALMOST_ONE)))
                .isCloseTo(700, within(0.01));
    }

    @ParameterizedTest
    @EnumSource(JitterType.class)
    void eachStrategyReadsTheRandomSourceAtMostOnce(JitterType type) {
        AtomicInteger reads = new AtomicInteger();
        RandomSource counting = () -> {
            reads.incrementAndGet();
            return 0.5;
        };
        Backoff backoff = backoff(type, counting);
        for (int n = 1; n <= 10; n++) {
            int before = reads.get();
            backoff.delayNanos(n, BASE);
            assertThat(reads.get() - before).as("reads for retry %s", n).isLessThanOrEqualTo(1);
        }
    }

    @Nested
    class None {
        @Test
        void exactlyTheExponentialDelay() {
            for (double r : new double[] { 0.0, 0.5, ALMOST_ONE }) {
                Backoff backoff = backoff(JitterType.NONE, constant(r));
                assertThat(backoff.delayNanos(1, BASE)).isEqualTo(SECOND);
                assertThat(backoff.delayNanos(2, SECOND)).isEqualTo(2 * SECOND);
                assertThat(backoff.delayNanos(3, 2 * SECOND)).isEqualTo(EXP3);
                assertThat(backoff.delayNanos(5, 8 * SECOND)).isEqualTo(16 * SECOND);
                assertThat(backoff.delayNanos(6, 16 * SECOND)).isEqualTo(MAX);
                assertThat(backoff.delayNanos(10_000, MAX)).isEqualTo(MAX);
            }
        }

        @Test
        void doesNotReadTheRandomSource() {
            Backoff backoff = backoff(JitterType.NONE, () -> {
                throw new AssertionError("NONE must not draw random numbers");
            });
            assertThat(backoff.delayNanos(4, BASE)).isEqualTo(8 * SECOND);
        }
    }

    @Nested
    class Proportional {
        @Test
        void exactValues() {
            assertThat(backoff(JitterType.PROPORTIONAL, constant(0.0)).delayNanos(3, BASE)).isEqualTo(EXP3);
            assertThat(backoff(JitterType.PROPORTIONAL, constant(0.5)).delayNanos(3, BASE)).isEqualTo(3_800 * MS);
            assertThat(backoff(JitterType.PROPORTIONAL, constant(ALMOST_ONE)).delayNanos(3, BASE))
                    .isCloseTo(3_600 * MS, within(1_000L));
            // capped exp(n)
            assertThat(backoff(JitterType.PROPORTIONAL, constant(0.5)).delayNanos(7, BASE)).isEqualTo(28_500 * MS);
        }

        @Test
        void factorIsApplied() {
            Jitter quarter = JitterType.PROPORTIONAL.strategy(0.25);
            assertThat(quarter.delay(1000, 0, 0, 1000, constant(0.0))).isEqualTo(1000.0);
            assertThat(quarter.delay(1000, 0, 0, 1000, constant(0.5))).isEqualTo(875.0);
            assertThat(quarter.delay(1000, 0, 0, 1000, constant(ALMOST_ONE))).isCloseTo(750.0, within(0.001));
            Jitter whole = JitterType.PROPORTIONAL.strategy(1.0);
            assertThat(whole.delay(1000, 0, 0, 1000, constant(0.5))).isEqualTo(500.0);
        }

        @Test
        void factorZeroMeansNoJitter() {
            Jitter zero = JitterType.PROPORTIONAL.strategy(0.0);
            for (double r : new double[] { 0.0, 0.5, ALMOST_ONE }) {
                assertThat(zero.delay(1234, 0, 0, 5000, constant(r))).isEqualTo(1234.0);
            }
        }

        @Test
        void statistics() {
            Backoff backoff = backoff(JitterType.PROPORTIONAL, seeded(42));
            Stats stats = new Stats(0.9 * EXP3, EXP3);
            for (int i = 0; i < DRAWS; i++) {
                stats.add(backoff.delayNanos(3, BASE));
            }
            assertThat(stats.min).isGreaterThanOrEqualTo((long) (0.9 * EXP3)).isLessThan((long) (0.901 * EXP3));
            assertThat(stats.max).isLessThanOrEqualTo(EXP3).isGreaterThan((long) (0.999 * EXP3));
            assertThat(stats.mean()).isCloseTo(0.95 * EXP3, within(0.002 * EXP3));
            stats.assertUniform();
        }

        @Test
        void statisticsAtTheCap() {
            Backoff backoff = backoff(JitterType.PROPORTIONAL, seeded(43));
            Stats stats = new Stats(0.9 * MAX, MAX);
            for (int i = 0; i < DRAWS; i++) {
                stats.add(backoff.delayNanos(1000, MAX));
            }
            assertThat(stats.min).isGreaterThanOrEqualTo((long) (0.9 * MAX));
            assertThat(stats.max).isLessThanOrEqualTo(MAX);
            assertThat(stats.mean()).isCloseTo(0.95 * MAX, within(0.002 * MAX));
        }
    }

    @Nested
    class Full {
        @Test
        void exactValues() {
            assertThat(backoff(JitterType.FULL, constant(0.0)).delayNanos(3, BASE)).isZero();
            assertThat(backoff(JitterType.FULL, constant(0.5)).delayNanos(3, BASE)).isEqualTo(2 * SECOND);
            assertThat(backoff(JitterType.FULL, constant(ALMOST_ONE)).delayNanos(3, BASE))
                    .isCloseTo(EXP3, within(5_000L)).isLessThanOrEqualTo(EXP3);
            assertThat(backoff(JitterType.FULL, constant(0.5)).delayNanos(1, BASE)).isEqualTo(500 * MS);
            assertThat(backoff(JitterType.FULL, constant(0.5)).delayNanos(9, BASE)).isEqualTo(15 * SECOND);
        }

        @Test
        void statistics() {
            Backoff backoff = backoff(JitterType.FULL, seeded(7));
            Stats stats = new Stats(0, EXP3);
            for (int i = 0; i < DRAWS; i++) {
                stats.add(backoff.delayNanos(3, BASE));
            }
            assertThat(stats.min).isGreaterThanOrEqualTo(0).isLessThan(EXP3 / 1000);
            assertThat(stats.max).isLessThanOrEqualTo(EXP3).isGreaterThan(EXP3 - EXP3 / 1000);
            assertThat(stats.mean()).isCloseTo(EXP3 / 2.0, within(0.02 * EXP3 / 2.0));
            stats.assertUniform();
        }
    }

    @Nested
    class Equal {
        @Test
        void exactValues() {
            assertThat(backoff(JitterType.EQUAL, constant(0.0)).delayNanos(3, BASE)).isEqualTo(2 * SECOND);
            assertThat(backoff(JitterType.EQUAL, constant(0.5)).delayNanos(3, BASE)).isEqualTo(3 * SECOND);
            assertThat(backoff(JitterType.EQUAL, constant(ALMOST_ONE)).delayNanos(3, BASE))
                    .isCloseTo(EXP3, within(5_000L)).isLessThanOrEqualTo(EXP3);
            assertThat(backoff(JitterType.EQUAL, constant(0.0)).delayNanos(20, BASE)).isEqualTo(15 * SECOND);
        }

        @Test
        void statistics() {
            Backoff backoff = backoff(JitterType.EQUAL, seeded(11));
            Stats stats = new Stats(EXP3 / 2.0, EXP3);
            for (int i = 0; i < DRAWS; i++) {
                stats.add(backoff.delayNanos(3, BASE));
            }
            assertThat(stats.min).isGreaterThanOrEqualTo(EXP3 / 2).isLessThan(EXP3 / 2 + EXP3 / 1000);
            assertThat(stats.max).isLessThanOrEqualTo(EXP3).isGreaterThan(EXP3 - EXP3 / 1000);
            assertThat(stats.mean()).isCloseTo(0.75 * EXP3, within(0.01 * 0.75 * EXP3));
            stats.assertUniform();
        }
    }

    @Nested
    class Decorrelated {
        @Test
        void firstRetryIsUniformBetweenBaseAndThreeTimesBase() {
            // d(0) = base: d(1) uniform in [base, 3 * base]
            assertThat(backoff(JitterType.DECORRELATED, constant(0.0)).delayNanos(1, BASE)).isEqualTo(BASE);
            assertThat(backoff(JitterType.DECORRELATED, constant(0.5)).delayNanos(1, BASE)).isEqualTo(2 * BASE);
            assertThat(backoff(JitterType.DECORRELATED, constant(ALMOST_ONE)).delayNanos(1, BASE))
                    .isCloseTo(3 * BASE, within(5_000L)).isLessThanOrEqualTo(3 * BASE);
        }

        @Test
        void usesThePreviousWaitNotTheExponentialDelay() {
            Backoff half = backoff(JitterType.DECORRELATED, constant(0.5));
            // uniform in [1 s, 3 * 5 s] -> midpoint 8 s, whatever the retry number
            assertThat(half.delayNanos(2, 5 * SECOND)).isEqualTo(8 * SECOND);
            assertThat(half.delayNanos(9, 5 * SECOND)).isEqualTo(8 * SECOND);
            assertThat(backoff(JitterType.DECORRELATED, constant(0.0)).delayNanos(7, 5 * SECOND)).isEqualTo(BASE);
            // capped at max
            assertThat(half.delayNanos(3, 25 * SECOND)).isEqualTo(MAX);
            assertThat(backoff(JitterType.DECORRELATED, constant(ALMOST_ONE)).delayNanos(3, 12 * SECOND))
                    .isEqualTo(MAX);
        }

        @Test
        void sequenceFollowsTheRecurrence() {
            Backoff almostOne = backoff(JitterType.DECORRELATED, constant(ALMOST_ONE));
            long d = BASE;
            long[] expected = { 3 * SECOND, 9 * SECOND, 27 * SECOND, MAX, MAX };
            for (int n = 1; n <= expected.length; n++) {
                d = almostOne.delayNanos(n, d);
                assertThat(d).as("d(%s)", n).isCloseTo(expected[n - 1], within(expected[n - 1] / 10_000))
                        .isLessThanOrEqualTo(expected[n - 1]);
            }
        }

        @Test
        void baseZeroStaysZero() {
            Backoff zero = new Backoff(0, MAX, 2.0, Jitter.DECORRELATED, constant(ALMOST_ONE));
            long d = 0;
            for (int n = 1; n <= 50; n++) {
                d = zero.delayNanos(n, d);
                assertThat(d).isZero();
            }
        }

        @Test
        void statisticsOfOneStep() {
            Backoff backoff = backoff(JitterType.DECORRELATED, seeded(5));
            long previous = 2 * SECOND; // uniform in [1 s, 6 s], mean 3.5 s
            Stats stats = new Stats(BASE, 3 * previous);
            for (int i = 0; i < DRAWS; i++) {
                stats.add(backoff.delayNanos(4, previous));
            }
            assertThat(stats.min).isGreaterThanOrEqualTo(BASE).isLessThan(BASE + 10 * MS);
            assertThat(stats.max).isLessThanOrEqualTo(3 * previous).isGreaterThan(3 * previous - 10 * MS);
            assertThat(stats.mean()).isCloseTo(3.5 * SECOND, within(0.01 * 3.5 * SECOND));
            stats.assertUniform();
        }

        @Test
        void statisticsAtTheCap() {
            Backoff backoff = backoff(JitterType.DECORRELATED, seeded(6));
            long previous = 20 * SECOND; // uniform in [1 s, 60 s], capped at 30 s: P(cap) = 30/59
            int atCap = 0;
            for (int i = 0; i < DRAWS; i++) {
                long d = backoff.delayNanos(5, previous);
                assertThat(d).isBetween(BASE, MAX);
                if (d == MAX) {
                    atCap++;
                }
            }
            assertThat(atCap / (double) DRAWS).isCloseTo(30.0 / 59.0, within(0.01));
        }

        @Test
        void randomSequencesStayWithinTheirBounds() {
            Backoff backoff = backoff(JitterType.DECORRELATED, seeded(99));
            for (int run = 0; run < 10_000; run++) {
                long previous = BASE;
                for (int n = 1; n <= 10; n++) {
                    long d = backoff.delayNanos(n, previous);
                    assertThat(d).isBetween(BASE, Math.min(MAX, 3 * previous));
                    previous = d;
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JitterType.class)
    void seededDrawsStayWithinZeroAndMaxForManyRetryNumbers(JitterType type) {
        Backoff backoff = new Backoff(10 * MS, 2 * SECOND, 3.0, type.strategy(0.1), seeded(type.ordinal()));
        long previous = backoff.baseNanos();
        for (int i = 0; i < DRAWS; i++) {
            int n = 1 + (i % 40);
            if (n == 1) {
                previous = backoff.baseNanos();
            }
            long d = backoff.delayNanos(n, previous);
            assertThat(d).isBetween(0L, 2 * SECOND);
            if (type != JitterType.DECORRELATED) {
                assertThat(d).isLessThanOrEqualTo(backoff.exponentialNanos(n));
            }
            previous = d;
        }
    }
}
