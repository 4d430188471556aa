package io.quarkiverse.retry.runtime.properties;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.core.RandomSource;

/**
 * The generators the property-based tests share: backoff settings over their whole range (zero to hours, and up to
 * {@code Long.MAX_VALUE / 4} nanoseconds), multipliers, jitter factors, random sources and retry numbers; and the
 * building blocks of every generator (weighted choices, ranges, decimals of a given scale, lists), each drawing from
 * the {@link SplittableRandom} of the current try (see {@link Tries}).
 */
final class Generators {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;
    /** The largest delay generated. */
    static final long LIMIT = Long.MAX_VALUE / 4;
    /** The largest value {@link RandomSource#nextDouble()} may return. */
    static final double LAST_RANDOM = Math.nextDown(1.0);

    private static final JitterType[] JITTERS = JitterType.values();

    private Generators() {
    }

    /** A backoff's settings, with the values its random source returns in turn. */
    record Settings(JitterType jitter, long base, long max, double multiplier, double factor, List<Double> randoms) {

        Backoff backoff() {
            return backoff(jitter, cycling(randoms));
        }

        Backoff backoff(JitterType type, RandomSource random) {
            return new Backoff(base, max, multiplier, type.strategy(factor), random);
        }
    }

    /** Delays in nanoseconds: from zero up to hours, up to {@link #LIMIT}, and the edges of double precision. */
    static long delay(SplittableRandom random) {
        return switch (weighted(random, 4, 3, 1, 1)) {
            case 0 -> between(random, 0, HOUR);
            case 1 -> between(random, 0, LIMIT);
            case 2 -> between(random, 0, 10_000);
            // 2^53 + 1 and 2^60 + 1 are the first longs a double cannot represent, in two binades
            default -> oneOf(random, 0L, 1L, 2L, 3L, SECOND, HOUR, (1L << 53) + 1, (1L << 60) + 1, LIMIT - 1, LIMIT);
        };
    }

    /** {@code [base, max]} with {@code 0 <= base <= max <= LIMIT}; one in five has {@code base == max}. */
    static long[] baseAndMax(SplittableRandom random) {
        long a = delay(random);
        long b = delay(random);
        return between(random, 0, 4) == 0 ? new long[] { a, a } : new long[] { Math.min(a, b), Math.max(a, b) };
    }

    /** Multipliers in {@code [1, 1000]}, plus the smallest above 1 and huge ones. */
    static double multiplier(SplittableRandom random) {
        return switch (weighted(random, 5, 1, 1)) {
            case 0 -> decimal(random, 1.0, 1000.0, 9);
            case 1 -> decimal(random, 1.0, 1.01, 12);
            default -> oneOf(random, 1.0, Math.nextUp(1.0), 1.5, 2.0, 10.0, 1e6, 1e18, 1e300, Double.MAX_VALUE);
        };
    }

    /** Jitter factors in {@code [0, 1]}, the edges included. */
    static double factor(SplittableRandom random) {
        return switch (weighted(random, 5, 1)) {
            case 0 -> decimal(random, 0.0, 1.0, 12);
            default -> oneOf(random, 0.0, Double.MIN_VALUE, 1e-12, 0.5, 1.0);
        };
    }

    /** Values a {@link RandomSource} may return: {@code [0, 1)}, the edges included. */
    static double randomValue(SplittableRandom random) {
        return switch (weighted(random, 6, 1, 1)) {
            case 0 -> decimal(random, 0.0, true, 1.0, false, 15);
            case 1 -> 0.0;
            default -> LAST_RANDOM;
        };
    }

    /** Retry numbers from 1 to {@link Integer#MAX_VALUE}. */
    static int attempt(SplittableRandom random) {
        return switch (weighted(random, 3, 2, 1)) {
            case 0 -> between(random, 1, 64);
            case 1 -> between(random, 1, Integer.MAX_VALUE);
            default -> oneOf(random, 1, 2, 3, 1023, 1024, 1025, Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
        };
    }

    /** Any jitter type, base and max delays, multiplier, jitter factor, and 1 to 8 values of the random source. */
    static Settings settings(SplittableRandom random) {
        JitterType jitter = JITTERS[random.nextInt(JITTERS.length)];
        long[] range = baseAndMax(random);
        double multiplier = multiplier(random);
        double factor = factor(random);
        List<Double> randoms = list(random, 1, 8, Generators::randomValue);
        return new Settings(jitter, range[0], range[1], multiplier, factor, randoms);
    }

    /** A source that returns {@code values} in turn, over and over. */
    static RandomSource cycling(List<Double> values) {
        double[] copy = values.stream().mapToDouble(Double::doubleValue).toArray();
        int[] next = { 0 };
        return () -> copy[next[0]++ % copy.length];
    }

    // the building blocks

    /** The index of one of the {@code weights}, each chosen with a probability proportional to its weight. */
    static int weighted(SplittableRandom random, int... weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** One of {@code values}, each as likely. */
    @SafeVarargs
    static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** Uniform in {@code [min, max]}, both included. */
    static long between(SplittableRandom random, long min, long max) {
        if (max == Long.MAX_VALUE) {
            return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
        }
        return random.nextLong(min, max + 1);
    }

    /** Uniform in {@code [min, max]}, both included. */
    static int between(SplittableRandom random, int min, int max) {
        return (int) random.nextLong(min, max + 1L);
    }

    /** A decimal with {@code scale} digits after the point, uniform in {@code [min, max]}. */
    static double decimal(SplittableRandom random, double min, double max, int scale) {
        return decimal(random, min, true, max, true, scale);
    }

    /**
     * A decimal with {@code scale} digits after the point, uniform in the range from {@code min} to {@code max}, either
     * end included or not. Both ends must have at most {@code scale} digits after the point.
     */
    static double decimal(SplittableRandom random, double min, boolean minIncluded, double max, boolean maxIncluded,
            int scale) {
        long low = BigDecimal.valueOf(min).movePointRight(scale).longValueExact() + (minIncluded ? 0 : 1);
        long high = BigDecimal.valueOf(max).movePointRight(scale).longValueExact() - (maxIncluded ? 0 : 1);
        return BigDecimal.valueOf(between(random, low, high), scale).doubleValue();
    }

    /** A list of {@code min} to {@code max} elements (each size as likely), each drawn by {@code element}. */
    static <T> List<T> list(SplittableRandom random, int min, int max, Function<SplittableRandom, T> element) {
        int size = between(random, min, max);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }
}
