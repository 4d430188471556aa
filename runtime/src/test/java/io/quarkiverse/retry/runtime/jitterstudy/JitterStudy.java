package io.quarkiverse.retry.runtime.jitterstudy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.quarkiverse.retry.runtime.core.JitterType;

/**
 * Runs {@link ContentionSimulation} many times per (clients, jitter type) point and summarizes the runs. Run r of a
 * point with c clients uses a seed derived from (base seed, c, r) only, so every jitter type sees the same seeds and
 * results do not depend on thread scheduling.
 */
public final class JitterStudy {

    /** The jitter types in the order used in tables and charts. */
    public static final List<JitterType> TYPES = List.of(JitterType.NONE, JitterType.PROPORTIONAL, JitterType.FULL,
            JitterType.EQUAL, JitterType.DECORRELATED);

    /** Mean and spread of one point. Times in milliseconds. */
    public record Point(int clients, JitterType type, int runs, double meanCalls, double sdCalls, double meanTimeMs,
            double sdTimeMs, double medianTimeMs, double p95TimeMs) {

        public double seCalls() {
            return sdCalls / Math.sqrt(runs);
        }

        public double seTimeMs() {
            return sdTimeMs / Math.sqrt(runs);
        }

        public String describe() {
            return String.format(Locale.ROOT, "%-12s clients=%3d runs=%d calls=%8.1f ±%.1f (SE)  time=%9.1f ms ±%.1f (SE)",
                    type.name().toLowerCase(Locale.ROOT), clients, runs, meanCalls, seCalls(), meanTimeMs,
                    seTimeMs());
        }
    }

    private final ContentionSimulation simulation;
    private final long baseSeed;

    public JitterStudy(ContentionSimulation simulation, long baseSeed) {
        this.simulation = simulation;
        this.baseSeed = baseSeed;
    }

    public long seed(int clients, int run) {
        return mix(mix(baseSeed + clients) + run);
    }

    public Point measure(int clients, JitterType type, int runs) {
        double[] calls = new double[runs];
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            ContentionSimulation.RunResult result = simulation.run(clients, type, seed(clients, r));
            calls[r] = result.calls();
            times[r] = result.completionNanos() / (double) ContentionSimulation.MS;
        }
        double[] sortedTimes = times.clone();
        Arrays.sort(sortedTimes);
        return new Point(clients, type, runs, mean(calls), sd(calls), mean(times), sd(times),
                quantile(sortedTimes, 0.5), quantile(sortedTimes, 0.95));
    }

    /** Every type at one client count, the types measured in parallel on {@code threads} threads. */
    public Map<JitterType, Point> measureAll(int clients, int runs, int threads) {
        Map<JitterType, Point> result = new EnumMap<>(JitterType.class);
        for (Point p : sweep(List.of(clients), runs, threads)) {
            result.put(p.type(), p);
        }
        return result;
    }

    /** Every type at every client count; points are computed in parallel, returned in (clients, type) order. */
    public List<Point> sweep(List<Integer> clientCounts, int runs, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Point>> futures = new ArrayList<>();
            for (int clients : clientCounts) {
                for (JitterType type : TYPES) {
                    futures.add(pool.submit(() -> measure(clients, type, runs)));
                }
            }
            List<Point> points = new ArrayList<>();
            for (Future<Point> f : futures) {
                points.add(f.get());
            }
            return points;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double sd(double[] xs) {
        if (xs.length < 2) {
            return 0;
        }
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.length - 1));
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** SplitMix64 finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
