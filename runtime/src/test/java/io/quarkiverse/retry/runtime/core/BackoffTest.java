package io.quarkiverse.retry.runtime.core;

import static io.quarkiverse.retry.runtime.core.TestSupport.MS;
import static io.quarkiverse.retry.runtime.core.TestSupport.SECOND;
import static io.quarkiverse.retry.runtime.core.TestSupport.constant;
import static io.quarkiverse.retry.runtime.core.TestSupport.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

    private static final int[] RETRY_NUMBERS = { Integer.MIN_VALUE, -1, 0, 1, 2, 3, 10, 30, 62, 63, 64, 65, 100, 1000,
            1023, 1024, 1025, 10_000, 1_000_000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE };

    // ---------------------------------------------------------------- exp(n)

    @Test
    void exponentialDoublesUpToTheCap() {
        Backoff backoff = new Backoff(100 * MS, SECOND, 2.0, Jitter.NONE, constant(0.5));
        assertThat(backoff.exponentialNanos(1)).isEqualTo(100 * MS);
        assertThat(backoff.exponentialNanos(2)).isEqualTo(200 * MS);
        assertThat(backoff.exponentialNanos(3)).isEqualTo(400 * MS);
        assertThat(backoff.exponentialNanos(4)).isEqualTo(800 * MS);
        assertThat(backoff.exponentialNanos(5)).isEqualTo(SECOND);
        assertThat(backoff.exponentialNanos(6)).isEqualTo(SECOND);
        assertThat(backoff.exponentialNanos(50)).isEqualTo(SECOND);
    }

    @Test
    void exponentialWithFractionalMultiplier() {
        Backoff backoff = new Backoff(100 * MS, 10 * SECOND, 1.5, Jitter.NONE, constant(0.5));
        assertThat(backoff.exponentialNanos(1)).isEqualTo(100 * MS);
        assertThat(backoff.exponentialNanos(2)).isEqualTo(150 * MS);
        assertThat(backoff.exponentialNanos(3)).isEqualTo(225 * MS);
        assertThat(backoff.exponentialNanos(4)).isEqualTo(337_500_000L);
    }

    @Test
    void firstRetryWaitsTheBaseDelayAndSmallerRetryNumbersCountAsOne() {
        Backoff backoff = new Backoff(7 * MS, SECOND, 3.0, Jitter.NONE, constant(0.5));
        assertThat(backoff.exponentialNanos(1)).isEqualTo(7 * MS);
        assertThat(backoff.exponentialNanos(0)).isEqualTo(7 * MS);
        assertThat(backoff.exponentialNanos(-5)).isEqualTo(7 * MS);
        assertThat(backoff.exponentialNanos(Integer.MIN_VALUE)).isEqualTo(7 * MS);
    }

    @Test
    void exponentialGrowsMonotonicallyToTheCapAndStaysThere() {
        for (double multiplier : new double[] { 1.0, 1.0001, 1.1, 1.5, 2.0, 3.0, 10.0, 1e10 }) {
            Backoff backoff = new Backoff(3 * MS, 45 * SECOND, multiplier, Jitter.NONE, constant(0.5));
            long previous = 0;
            boolean capped = false;
            for (int n = 1; n <= 20_000; n++) {
                long exp = backoff.exponentialNanos(n);
                assertThat(exp).as("multiplier %s, n=%s", multiplier, n)
                        .isGreaterThanOrEqualTo(previous)
                        .isBetween(3 * MS, 45 * SECOND);
                if (capped) {
                    assertThat(exp).as("stays at the cap, multiplier %s, n=%s", multiplier, n).isEqualTo(45 * SECOND);
                }
                capped |= exp == 45 * SECOND;
                previous = exp;
            }
            if (multiplier >= 1.001) {
                assertThat(capped).as("reaches the cap with multiplier %s", multiplier).isTrue();
            }
        }
    }

    @Test
    void hugeRetryNumberWithMultiplierTenIsSimplyTheMaxDelay() {
        Backoff backoff = new Backoff(SECOND, 30 * SECOND, 10.0, Jitter.NONE, constant(0.5));
        assertThat(backoff.exponentialNanos(10_000)).isEqualTo(30 * SECOND);
        assertThat(backoff.delayNanos(10_000, SECOND)).isEqualTo(30 * SECOND);
    }

    @Test
    void capAtLongMaxValueDoesNotOverflow() {
        Backoff backoff = new Backoff(SECOND, Long.MAX_VALUE, 10.0, Jitter.NONE, constant(0.5));
        long previous = 0;
        for (int n = 1; n <= 2000; n++) {
            long exp = backoff.exponentialNanos(n);
            assertThat(exp).as("n=%s", n).isPositive().isGreaterThanOrEqualTo(previous);
            previous = exp;
        }
        assertThat(backoff.exponentialNanos(10_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(backoff.delayNanos(10_000, SECOND)).isEqualTo(Long.MAX_VALUE);
        assertThat(backoff.delayNanos(Integer.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void baseDelayZeroGivesZeroWaitsForEveryJitter() {
        for (JitterType type : JitterType.values()) {
            Backoff backoff = new Backoff(0, 30 * SECOND, 2.0, type.strategy(0.1), seeded(1));
            long previous = 0;
            for (int n : RETRY_NUMBERS) {
                assertThat(backoff.exponentialNanos(n)).as("%s n=%s", type, n).isZero();
                long delay = backoff.delayNanos(n, previous);
                assertThat(delay).as("%s n=%s", type, n).isZero();
                previous = delay;
            }
        }
    }

    @Test
    void multiplierOneGivesConstantWaits() {
        Backoff backoff = new Backoff(250 * MS, 30 * SECOND, 1.0, Jitter.NONE, constant(0.5));
        for (int n : RETRY_NUMBERS) {
            assertThat(backoff.exponentialNanos(n)).as("n=%s", n).isEqualTo(250 * MS);
            assertThat(backoff.delayNanos(n, 250 * MS)).as("n=%s", n).isEqualTo(250 * MS);
        }
    }

    @Test
    void baseEqualToMaxGivesConstantWaits() {
        Backoff backoff = new Backoff(SECOND, SECOND, 2.0, Jitter.NONE, constant(0.5));
        for (int n : RETRY_NUMBERS) {
            assertThat(backoff.delayNanos(n, SECOND)).as("n=%s", n).isEqualTo(SECOND);
        }
    }

    @Test
    void accessors() {
        Backoff backoff = new Backoff(5, 9, 2.0, Jitter.NONE, constant(0.5));
        assertThat(backoff.baseNanos()).isEqualTo(5);
        assertThat(backoff.maxNanos()).isEqualTo(9);
    }

    // ---------------------------------------------------------------- bounds for every configuration

    static Stream<Arguments> configurations() {
        Stream.Builder<Arguments> b = Stream.builder();
        long[][] baseMax = { { 0, 0 }, { 0, SECOND }, { 1, 1 }, { 1, 2 }, { MS, 30 * SECOND }, { SECOND, 30 * SECOND },
                { 30 * SECOND, 30 * SECOND }, { SECOND, Long.MAX_VALUE / 4 }, { SECOND, Long.MAX_VALUE },
                { Long.MAX_VALUE / 2, Long.MAX_VALUE }, { Long.MAX_VALUE, Long.MAX_VALUE } };
        double[] multipliers = { 1.0, 1.5, 2.0, 10.0, 1e300, Double.MAX_VALUE };
        for (JitterType type : JitterType.values()) {
            for (long[] bm : baseMax) {
                for (double m : multipliers) {
                    b.add(Arguments.of(type, bm[0], bm[1], m));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} base={1} max={2} multiplier={3}")
    @MethodSource("configurations")
    void everyWaitLiesWithinZeroAndMaxForAnyRetryNumber(JitterType type, long base, long max, double multiplier) {
        for (double r : new double[] { 0.0, 1e-12, 0.5, 0.999999, Math.nextDown(1.0) }) {
            Backoff backoff = new Backoff(base, max, multiplier, type.strategy(0.1), constant(r));
            long previous = base;
            for (int n : RETRY_NUMBERS) {
                long exp = backoff.exponentialNanos(n);
                assertThat(exp).as("exp r=%s n=%s", r, n).isBetween(base, max);
                long delay = backoff.delayNanos(n, previous);
                assertThat(delay).as("delay r=%s n=%s", r, n).isBetween(0L, max);
                previous = delay;
            }
            // previous waits outside the normal range must not break the bounds either
            for (long p : new long[] { 0, 1, max, Long.MAX_VALUE }) {
                assertThat(backoff.delayNanos(2, p)).as("r=%s previous=%s", r, p).isBetween(0L, max);
            }
        }
    }

    /** Backoff clamps whatever a (custom) strategy returns to [0, max]; NaN becomes 0. */
    @ParameterizedTest
    @ValueSource(doubles = { Double.NaN, Double.NEGATIVE_INFINITY, -1e30, -1.0, -0.0, Double.POSITIVE_INFINITY, 1e30,
            9.3e18 })
    void clampsStrategyResults(double raw) {
        Backoff backoff = new Backoff(10, 1000, 2.0, (exp, prev, base, max, random) -> raw, constant(0.5));
        long delay = backoff.delayNanos(3, 10);
        if (Double.isNaN(raw) || raw <= 0) {
            assertThat(delay).isZero();
        } else {
            assertThat(delay).isEqualTo(1000);
        }
    }

    @Test
    void passesCappedExponentialPreviousBaseAndMaxToTheStrategy() {
        long[] seen = new long[4];
        Backoff backoff = new Backoff(100, 1000, 2.0, (exp, prev, base, max, random) -> {
            seen[0] = exp;
            seen[1] = prev;
            seen[2] = base;
            seen[3] = max;
            return 123.9;
        }, constant(0.5));
        assertThat(backoff.delayNanos(3, 777)).isEqualTo(123);
        assertThat(seen).containsExactly(400, 777, 100, 1000);
        backoff.delayNanos(20, 5);
        assertThat(seen).containsExactly(1000, 5, 100, 1000);
    }

    // ---------------------------------------------------------------- validation

    @Test
    void rejectsNegativeBase() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(-1, 10, 2.0, Jitter.NONE, constant(0.5)));
    }

    @Test
    void rejectsMaxBelowBase() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(11, 10, 2.0, Jitter.NONE, constant(0.5)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(0, -1, 2.0, Jitter.NONE, constant(0.5)));
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0.999, 0.0, -1.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY })
    void rejectsInvalidMultiplier(double multiplier) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Backoff(1, 10, multiplier, Jitter.NONE, constant(0.5)));
    }

    @ParameterizedTest
    @EnumSource(JitterType.class)
    void acceptsEdgeConfigurations(JitterType type) {
        assertThatNoException().isThrownBy(() -> new Backoff(0, 0, 1.0, type.strategy(0.1), constant(0.5)));
        assertThatNoException().isThrownBy(() -> new Backoff(5, 5, Double.MAX_VALUE, type.strategy(0.1), constant(0.5)));
        assertThatNoException()
                .isThrownBy(() -> new Backoff(0, Long.MAX_VALUE, 1.0, type.strategy(0.1), constant(0.5)));
    }
}
