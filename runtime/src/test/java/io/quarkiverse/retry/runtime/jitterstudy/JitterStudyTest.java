package io.quarkiverse.retry.runtime.jitterstudy;

import static io.quarkiverse.retry.runtime.jitterstudy.ContentionSimulation.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.jitterstudy.ContentionSimulation.Config;
import io.quarkiverse.retry.runtime.jitterstudy.ContentionSimulation.RunResult;
import io.quarkiverse.retry.runtime.jitterstudy.JitterStudy.Point;

/**
 * Reproduces the shape of the AWS "Exponential Backoff And Jitter" contention study with the extension's own
 * {@code Backoff}/{@code Jitter} classes. The 100-client point always runs; the full sweep (10..200 clients) runs with
 * {@code -Djitter.study.full=true} and writes CSV, markdown and PNG to {@code runtime/target/jitter-study/}.
 */
class JitterStudyTest {

    static final long SEED = 20150304L;
    static final int RUNS_AT_100 = 500;
    static final int THREADS = 2;

    static final String SWEEP_COMMAND = "cd /work/main && ./mvnw -B -q -o -pl runtime test "
            + "-Dtest='io.quarkiverse.retry.runtime.jitterstudy.**' -Dsurefire.failIfNoSpecifiedTests=false "
            + "-Djitter.study.full=true";

    // ------------------------------------------------------------------ the model itself

    @Test
    void oneClientWritesOnceAfterFourHops() {
        ContentionSimulation sim = new ContentionSimulation(Config.aws());
        for (long seed = 0; seed < 200; seed++) {
            RunResult r = sim.run(1, JitterType.FULL, seed);
            assertThat(r.calls()).isEqualTo(1);
            assertThat(r.conflicts()).isZero();
            // read there and back, write there and back: 4 hops of N(10 ms, 2 ms), sum ~N(40 ms, 4 ms)
            assertThat(r.completionNanos()).isBetween(20 * MS, 60 * MS);
        }
    }

    /**
     * Without network noise the schedule is exact: 3 clients write at 30 ms, one wins; the two losers learn it at
     * 40 ms, wait exp(1) = 5 ms, write again at 75 ms, one wins; the last learns at 85 ms, waits exp(2) = 10 ms and
     * writes at 125 ms, succeeding at 135 ms. 3 + 2 + 1 = 6 calls. This pins that the real Backoff drives the waits.
     */
    @Test
    void exactScheduleWithoutNetworkNoise() {
        Config noiseless = new Config(10 * MS, 0, 5 * MS, 2_000 * MS, 2.0, 0.1, 1_000);
        RunResult r = new ContentionSimulation(noiseless).run(3, JitterType.NONE, 1);
        assertThat(r.calls()).isEqualTo(6);
        assertThat(r.conflicts()).isEqualTo(3);
        assertThat(r.completionNanos()).isEqualTo(135 * MS);
    }

    @ParameterizedTest
    @EnumSource(JitterType.class)
    void everyClientWritesExactlyOnceAndRunsAreReproducible(JitterType type) {
        ContentionSimulation sim = new ContentionSimulation(Config.aws());
        RunResult a = sim.run(50, type, 42);
        RunResult b = sim.run(50, type, 42);
        RunResult c = sim.run(50, type, 43);
        assertThat(a).isEqualTo(b);
        assertThat(a.calls() - a.conflicts()).isEqualTo(50);
        assertThat(a.conflicts()).isPositive();
        assertThat(List.of(c.calls(), c.completionNanos())).isNotEqualTo(List.of(a.calls(), a.completionNanos()));
    }

    @Test
    void safetyCapStopsARunawayRun() {
        Config tinyCap = new Config(10 * MS, 2 * MS, 5 * MS, 2_000 * MS, 2.0, 0.1, 3);
        ContentionSimulation sim = new ContentionSimulation(tinyCap);
        assertThatThrownBy(() -> sim.run(100, JitterType.NONE, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("safety cap");
    }

    // ------------------------------------------------------------------ the published shape, at 100 clients

    /** Mean calls and completion time of every jitter type at 100 clients, measured once for the shape tests. */
    static Map<JitterType, Point> at100;

    @BeforeAll
    static void measure100Clients() {
        JitterStudy study = new JitterStudy(new ContentionSimulation(Config.aws()), SEED);
        long start = System.nanoTime();
        at100 = study.measureAll(100, RUNS_AT_100, THREADS);
        long elapsedMs = (System.nanoTime() - start) / MS;
        System.out.println("[jitter-study] 100 clients, " + RUNS_AT_100 + " runs per type, " + elapsedMs + " ms:");
        at100.values().forEach(pt -> System.out.println("[jitter-study]   " + pt.describe()));
        Point full = at100.get(JitterType.FULL);
        System.out.printf(Locale.ROOT,
                "[jitter-study]   full/none calls %.4f, equal/full calls %.4f, equal/full time %.4f, decorrelated/full calls %.4f%n",
                full.meanCalls() / at100.get(JitterType.NONE).meanCalls(),
                at100.get(JitterType.EQUAL).meanCalls() / full.meanCalls(),
                at100.get(JitterType.EQUAL).meanTimeMs() / full.meanTimeMs(),
                at100.get(JitterType.DECORRELATED).meanCalls() / full.meanCalls());
    }

    @Test
    void fullJitterMakesAtMostHalfTheCallsOfUnjitteredBackoff() {
        assertThat(at100.get(JitterType.FULL).meanCalls()).as("full calls vs 0.5 x none calls")
                .isLessThanOrEqualTo(0.5 * at100.get(JitterType.NONE).meanCalls());
    }

    @Test
    void equalJitterMakesAboutAsManyCallsAsFull() {
        assertThat(at100.get(JitterType.EQUAL).meanCalls() / at100.get(JitterType.FULL).meanCalls())
                .as("equal calls / full calls").isBetween(0.85, 1.15);
    }

    @Test
    void equalJitterTakesAtLeastAQuarterLongerThanFull() {
        assertThat(at100.get(JitterType.EQUAL).meanTimeMs()).as("equal time vs 1.25 x full time")
                .isGreaterThanOrEqualTo(1.25 * at100.get(JitterType.FULL).meanTimeMs());
    }

    @Test
    void decorrelatedJitterMakesAtLeast15PercentMoreCallsThanFull() {
        assertThat(at100.get(JitterType.DECORRELATED).meanCalls()).as("decorrelated calls vs 1.15 x full calls")
                .isGreaterThanOrEqualTo(1.15 * at100.get(JitterType.FULL).meanCalls());
    }

    /**
     * Why the original's indexing matters: taken literally (base-delay 5 ms for full jitter too, so its first wait is
     * drawn from [0, 5 ms] instead of the original's [0, 10 ms]), full jitter gets close to decorrelated in calls.
     */
    @Test
    void withTheExtensionsIndexingTakenLiterallyDecorrelatedIsCloserToFull() {
        JitterStudy literal = new JitterStudy(new ContentionSimulation(Config.awsExtensionIndexing()), SEED);
        Point full = literal.measure(100, JitterType.FULL, RUNS_AT_100);
        Point decorrelated = literal.measure(100, JitterType.DECORRELATED, RUNS_AT_100);
        double ratio = decorrelated.meanCalls() / full.meanCalls();
        System.out.println("[jitter-study] extension indexing taken literally: decorrelated/full calls "
                + String.format(Locale.ROOT, "%.4f", ratio));
        assertThat(ratio).isLessThan(at100.get(JitterType.DECORRELATED).meanCalls()
                / at100.get(JitterType.FULL).meanCalls());
    }

    // ------------------------------------------------------------------ the full sweep, on demand

    @Test
    @EnabledIfSystemProperty(named = "jitter.study.full", matches = "true")
    void fullSweep() throws Exception {
        int runs = Integer.getInteger("jitter.study.runs", 500);
        int threads = Integer.getInteger("jitter.study.threads", Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Integer> clients = IntStream.rangeClosed(1, 20).map(i -> i * 10).boxed().collect(Collectors.toList());
        JitterStudy study = new JitterStudy(new ContentionSimulation(Config.aws()), SEED);
        long start = System.nanoTime();
        List<Point> points = study.sweep(clients, runs, threads);
        long elapsedS = (System.nanoTime() - start) / 1_000_000_000L;

        Path dir = Path.of("target", "jitter-study").toAbsolutePath();
        List<Path> written = JitterStudyReport.write(dir, points, runs, SEED, SWEEP_COMMAND);
        System.out.println("[jitter-study] full sweep, " + runs + " runs per point, " + elapsedS + " s, command:");
        System.out.println("[jitter-study]   " + SWEEP_COMMAND);
        written.forEach(f -> System.out.println("[jitter-study]   wrote " + f));

        assertThat(points).hasSize(clients.size() * JitterStudy.TYPES.size());
        assertThat(written).allSatisfy(f -> assertThat(f).isNotEmptyFile());
    }
}
