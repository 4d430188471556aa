package io.quarkiverse.retry.runtime.properties;

import static io.quarkiverse.retry.runtime.properties.Generators.LAST_RANDOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.properties.Generators.Settings;

/**
 * {@link Backoff} over random policies: every {@link JitterType}, base and max delays from zero up to hours and up to
 * {@code Long.MAX_VALUE / 4} nanoseconds, multipliers in {@code [1, 1000]} plus huge ones, jitter factors in
 * {@code [0, 1]}, random sources anywhere in {@code [0, 1)} (both edges included) and retry numbers up to
 * {@link Integer#MAX_VALUE}.
 * <p>
 * Each property is checked on a fixed number of random inputs, reproducible from a seed (see {@link Tries}).
 */
class BackoffPropertiesTest {

    record SettingsAttemptDelay(Settings s, int attempt, long delay) {
    }

    record SettingsAttempts(Settings s, int a, int b) {
    }

    record JitterSettingsAttempt(JitterType type, Settings s, int later) {
    }

    record SettingsDelay(Settings s, long delay) {
    }

    private static final JitterType[] JITTERED_AT_THE_CAP = { JitterType.PROPORTIONAL, JitterType.FULL,
            JitterType.EQUAL };

    /** Every wait lies in {@code [0, max]}, whatever the retry number and the previous wait. */
    @Test
    void everyWaitLiesWithinZeroAndMax() {
        Tries.forAll(1000,
                r -> new SettingsAttemptDelay(Generators.settings(r), Generators.attempt(r), Generators.delay(r)),
                in -> everyWaitLiesWithinZeroAndMax(in.s(), in.attempt(), in.delay()));
    }

    private static void everyWaitLiesWithinZeroAndMax(Settings s, int first, long asked) {
        Backoff backoff = s.backoff();
        long previous = s.base();
        for (int i = 0; i < 16; i++) {
            int n = (int) Math.min(Integer.MAX_VALUE, (long) first + i);
            assertThat(backoff.exponentialNanos(n)).as("exp(%s)", n).isBetween(s.base(), s.max());
            long wait = backoff.delayNanos(n, previous);
            assertThat(wait).as("wait %s", n).isBetween(0L, s.max());
            previous = wait;
        }
        // the previous wait may also be one a failure asked for (Retry-After), never above max-delay
        long previous2 = Math.min(asked, s.max());
        assertThat(backoff.delayNanos(first, previous2)).as("wait after %s ns", previous2).isBetween(0L, s.max());
    }

    /**
     * Without jitter the wait is exactly {@code exp(n) = min(max, base * multiplier^(n-1))}: {@code base} for the first
     * retry, monotone non-decreasing in {@code n}, and {@code max} from the first retry that reaches it on.
     */
    @Test
    void theUnjitteredDelayGrowsMonotonicallyToTheCapAndStaysThere() {
        Tries.forAll(500,
                r -> new SettingsAttempts(Generators.settings(r), Generators.attempt(r), Generators.attempt(r)),
                in -> theUnjitteredDelayGrowsMonotonicallyToTheCapAndStaysThere(in.s(), in.a(), in.b()));
    }

    private static void theUnjitteredDelayGrowsMonotonicallyToTheCapAndStaysThere(Settings s, int a, int b) {
        Backoff none = s.backoff(JitterType.NONE, () -> {
            throw new AssertionError("no jitter draws no random number");
        });
        assertThat(none.delayNanos(1, s.base())).as("first retry").isEqualTo(s.base());
        long previous = 0;
        boolean capped = false;
        for (int n = 1; n <= 200; n++) {
            long wait = none.delayNanos(n, previous);
            assertThat(wait).as("wait %s", n).isEqualTo(none.exponentialNanos(n)).isGreaterThanOrEqualTo(previous);
            if (capped) {
                assertThat(wait).as("wait %s after the cap", n).isEqualTo(s.max());
            }
            capped |= wait == s.max();
            assertCloseToFormula(s, n, wait);
            previous = wait;
        }
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        long lowWait = none.delayNanos(low, s.base());
        long highWait = none.delayNanos(high, s.base());
        assertThat(highWait).as("wait %s vs wait %s", high, low).isGreaterThanOrEqualTo(lowWait);
        if (lowWait == s.max()) {
            assertThat(highWait).as("wait %s after the cap", high).isEqualTo(s.max());
        }
        assertCloseToFormula(s, low, lowWait);
        assertCloseToFormula(s, high, highWait);
        if (capped) {
            assertThat(none.delayNanos(Integer.MAX_VALUE, s.max())).isEqualTo(s.max());
        }
    }

    /** {@code base * multiplier^(n-1)}, computed another way, agrees with the wait away from the cap. */
    private static void assertCloseToFormula(Settings s, int n, long wait) {
        if (s.base() == 0) {
            assertThat(wait).isZero();
            return;
        }
        double expected = s.base() * Math.exp((n - 1) * Math.log(s.multiplier()));
        if (expected >= s.max() * (1 + 1e-9)) {
            assertThat(wait).as("wait %s past the cap", n).isEqualTo(s.max());
        } else if (expected <= s.max() * (1 - 1e-9)) {
            assertThat((double) wait).as("wait %s", n).isCloseTo(expected, within(1 + 1e-9 * expected));
        }
    }

    /**
     * Once {@code exp(n)} reached {@code max}, proportional, full and equal jitter still randomize the wait: with a
     * source returning 0.0 and one returning 0.99 the waits are the ends of the documented range (so they differ),
     * rather than both being the cap.
     */
    @Test
    void jitterSurvivesAtTheCap() {
        Tries.forAll(500,
                r -> new JitterSettingsAttempt(Generators.oneOf(r, JITTERED_AT_THE_CAP), Generators.settings(r),
                        Generators.attempt(r)),
                in -> jitterSurvivesAtTheCap(in.type(), in.s(), in.later()));
    }

    private static void jitterSurvivesAtTheCap(JitterType type, Settings s, int later) {
        Tries.assume(s.max() > 0 && (type != JitterType.PROPORTIONAL || s.factor() > 0));
        Backoff backoff = s.backoff();
        Tries.assume(backoff.exponentialNanos(Integer.MAX_VALUE) == s.max());
        int firstCapped = firstCapped(backoff, s.max());
        for (int n : new int[] { firstCapped, Math.max(firstCapped, later), Integer.MAX_VALUE }) {
            long low = s.backoff(type, () -> 0.0).delayNanos(n, s.base());
            long high = s.backoff(type, () -> 0.99).delayNanos(n, s.base());
            double max = s.max();
            double[] range = switch (type) {
                case FULL -> new double[] { 0, 0.99 * max };
                case EQUAL -> new double[] { max / 2, max / 2 + 0.99 * max / 2 };
                default -> new double[] { max, max - 0.99 * s.factor() * max };
            };
            double tolerance = 2 + 4 * Math.ulp(max);
            assertThat((double) low).as("%s at retry %s, source 0.0", type, n).isCloseTo(range[0], within(tolerance));
            assertThat((double) high).as("%s at retry %s, source 0.99", type, n).isCloseTo(range[1],
                    within(tolerance));
            if (Math.abs(range[1] - range[0]) > 2 * tolerance) {
                assertThat(low).as("%s at retry %s: 0.0 vs 0.99", type, n).isNotEqualTo(high);
            }
        }
    }

    /** The first retry number whose {@code exp(n)} is {@code max} (it is monotone, so a binary search finds it). */
    private static int firstCapped(Backoff backoff, long max) {
        int low = 1;
        int high = Integer.MAX_VALUE;
        while (low < high) {
            int mid = low + (high - low) / 2;
            if (backoff.exponentialNanos(mid) == max) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /**
     * Decorrelated waits stay within {@code [base, max]} along a whole sequence (each wait feeding the next), and after
     * any previous wait in {@code [0, max]}.
     */
    @Test
    void decorrelatedWaitsStayWithinBaseAndMax() {
        Tries.forAll(1000, r -> new SettingsDelay(Generators.settings(r), Generators.delay(r)),
                in -> decorrelatedWaitsStayWithinBaseAndMax(in.s(), in.delay()));
    }

    private static void decorrelatedWaitsStayWithinBaseAndMax(Settings s, long asked) {
        Backoff backoff = s.backoff(JitterType.DECORRELATED, Generators.cycling(s.randoms()));
        long previous = s.base();
        for (int n = 1; n <= 64; n++) {
            long wait = backoff.delayNanos(n, previous);
            assertThat(wait).as("wait %s after %s", n, previous).isBetween(s.base(), s.max());
            previous = wait;
        }
        for (long p : new long[] { 0, Math.min(asked, s.max()), s.max() }) {
            long wait = s.backoff(JitterType.DECORRELATED, () -> 0.0).delayNanos(2, p);
            assertThat(wait).as("wait after %s, source 0.0", p).isBetween(s.base(), s.max());
            wait = s.backoff(JitterType.DECORRELATED, () -> LAST_RANDOM).delayNanos(2, p);
            assertThat(wait).as("wait after %s, source 1-ulp", p).isBetween(s.base(), s.max());
        }
    }
}
