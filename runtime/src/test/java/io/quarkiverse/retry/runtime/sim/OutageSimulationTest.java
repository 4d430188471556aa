package io.quarkiverse.retry.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.runtime.sim.OutageSimulation.BreakerSettings;
import io.quarkiverse.retry.runtime.sim.OutageSimulation.BudgetSettings;
import io.quarkiverse.retry.runtime.sim.OutageSimulation.Protection;
import io.quarkiverse.retry.runtime.sim.OutageSimulation.Result;
import io.quarkiverse.retry.runtime.sim.OutageSimulation.Scenario;

/**
 * Runs the outage simulation ({@link OutageSimulation}) and checks the targets of the retry budget and the circuit
 * breaker. Default size: 1,000 first attempts/s, a 30 s outage, one seed; virtual time makes it fast. The tables
 * are printed to standard output (markdown).
 * <p>
 * Benchmark mode: several seeds, each one checked against every target, the tables averaged (with the worst run):
 *
 * <pre>
 * ./mvnw -B -q -o -pl runtime test -Dtest='io.quarkiverse.retry.runtime.sim.**' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dsim.runs=20 -Dsim.seconds=120
 * </pre>
 *
 * {@code sim.runs}: number of seeds (default 1); {@code sim.seed}: the first seed (default 42); {@code sim.seconds}:
 * length of the main outage in seconds, a multiple of 0.1 (default 30).
 */
class OutageSimulationTest {

    static final double RATE = 1_000;
    static final double OUTAGE = Double.parseDouble(System.getProperty("sim.seconds", "30"));
    static final int RUNS = Integer.getInteger("sim.runs", 1);
    static final long SEED = Long.getLong("sim.seed", 42);

    static final int METASTABLE_OUTAGE = 10;
    static final int METASTABLE_AFTER = 60;
    static final int FLEET = 50;

    static final Protection FLEET_BUDGET = Protection.DEFAULT_BUDGET.fleet(FLEET);
    static final List<Protection> PROTECTIONS = List.of(Protection.NONE, Protection.DEFAULT_BUDGET,
            Protection.BUDGET_10, Protection.BREAKER, Protection.BUDGET_AND_BREAKER, Protection.UNCAPPED_BUDGET);

    static final Scenario OUTAGE_SCENARIO = Scenario.outage(RATE, OUTAGE);
    static final Scenario METASTABLE = Scenario.metastable(RATE, METASTABLE_OUTAGE, METASTABLE_AFTER);

    /** Runs (one per seed) by protection. */
    static final Map<Protection, List<Result>> outage = new LinkedHashMap<>();
    static final Map<Protection, List<Result>> metastable = new LinkedHashMap<>();
    static List<Result> metastableWithoutOutage;

    static long[] seeds() {
        return LongStream.range(SEED, SEED + RUNS).toArray();
    }

    static List<Result> runs(Scenario scenario, Protection protection) {
        List<Result> results = new ArrayList<>();
        for (long seed : seeds()) {
            results.add(OutageSimulation.run(scenario, protection, seed));
        }
        return results;
    }

    static void each(List<Result> runs, Consumer<Result> check) {
        runs.forEach(check);
    }

    @BeforeAll
    static void simulate() {
        long started = System.nanoTime();
        SimulationTable table = new SimulationTable();
        for (Protection p : PROTECTIONS) {
            outage.put(p, runs(OUTAGE_SCENARIO, p));
            table.add(outage.get(p));
        }
        outage.put(FLEET_BUDGET, runs(OUTAGE_SCENARIO, FLEET_BUDGET));
        table.add(outage.get(FLEET_BUDGET));
        for (Protection p : PROTECTIONS) {
            metastable.put(p, runs(METASTABLE, p));
            table.add(metastable.get(p));
        }
        metastableWithoutOutage = runs(METASTABLE.withoutOutage(), Protection.NONE);
        table.add(metastableWithoutOutage);
        System.out.printf(Locale.ROOT, "%nOutage simulation: %.0f first attempts/s, max-attempts %d, backoff %d ms"
                + " x%.0f up to %d ms with full jitter; %d run(s) from seed %d; %.1f s real time%n%n%s%n", RATE,
                Protection.MAX_ATTEMPTS, Protection.BASE / OutageSimulation.MS, Protection.MULTIPLIER,
                Protection.MAX / OutageSimulation.MS, RUNS, SEED, (System.nanoTime() - started) / 1e9,
                table.markdown());
    }

    /**
     * The most a budget lets through over an outage of {@code seconds}: every budget window that the outage touches
     * may spend {@code ratio × first attempts + instances × floor × window}.
     */
    static double budgetBound(BudgetSettings b, int instances, double seconds) {
        double window = b.windowNanos() / (double) OutageSimulation.SECOND;
        double windows = Math.ceil(seconds / window - 1e-9);
        return 1 + windows * (b.ratio() * RATE * window + instances * b.minRetriesPerSecond() * window)
                / (RATE * seconds);
    }

    // --- load on the dependency during the outage -----------------------------------------------------------------

    @Test
    void withoutProtectionTheDependencySeesAboutThreeTimesTheLoad() {
        each(outage.get(Protection.NONE), r -> {
            assertThat(r.amplification()).as("amplification, seed %d", r.seed()).isBetween(2.9, 3.0);
            assertThat(r.peakOneSecondAmplification()).isGreaterThan(2.9);
        });
    }

    @Test
    void defaultBudgetKeepsTheOutageLoadAtMost122Percent() {
        each(outage.get(Protection.DEFAULT_BUDGET), r -> {
            if (OUTAGE == 30) {
                assertThat(r.amplification()).as("target, seed %d", r.seed()).isLessThanOrEqualTo(1.22);
            }
            assertThat(r.amplification()).as("window bound, seed %d", r.seed())
                    .isLessThanOrEqualTo(budgetBound(Protection.DEFAULT_BUDGET.budget(), 1, OUTAGE))
                    .as("the budget is spent, not merely unused").isGreaterThan(1.15);
        });
    }

    @Test
    void tenPercentBudgetKeepsTheOutageLoadAtMost111Percent() {
        each(outage.get(Protection.BUDGET_10), r -> {
            if (OUTAGE == 30) {
                assertThat(r.amplification()).as("target, seed %d", r.seed()).isLessThanOrEqualTo(1.11);
            }
            assertThat(r.amplification()).as("window bound, seed %d", r.seed())
                    .isLessThanOrEqualTo(budgetBound(Protection.BUDGET_10.budget(), 1, OUTAGE))
                    .isGreaterThan(1.07);
        });
    }

    @Test
    void budgetCapsThePeakOneSecondAmplificationAt150Percent() {
        for (Protection p : List.of(Protection.DEFAULT_BUDGET, Protection.BUDGET_10, Protection.BUDGET_AND_BREAKER)) {
            each(outage.get(p), r -> {
                assertThat(r.firstSecondAmplification()).as("%s, first second, seed %d", p.name(), r.seed())
                        .isLessThanOrEqualTo(1.5);
                assertThat(r.peakOneSecondAmplification()).as("%s, any second, seed %d", p.name(), r.seed())
                        .isLessThanOrEqualTo(1.5);
            });
        }
        // what the burst cap prevents: without it (Finagle) the first second spends the credit of a whole window
        each(outage.get(Protection.UNCAPPED_BUDGET), r -> assertThat(r.firstSecondAmplification()).isGreaterThan(2.5));
    }

    @Test
    void perInstanceFloorsAddUpAcrossAFleet() {
        each(outage.get(FLEET_BUDGET), r -> {
            assertThat(r.amplification()).as("seed %d", r.seed())
                    .isLessThanOrEqualTo(budgetBound(FLEET_BUDGET.budget(), FLEET, OUTAGE))
                    .isGreaterThan(budgetBound(FLEET_BUDGET.budget(), 1, OUTAGE) + 0.1);
        });
    }

    @Test
    void budgetCostsNoSuccessRateAtUpTo5PercentIndependentFailures() {
        for (double p : new double[] { 0.01, 0.02, 0.05 }) {
            Scenario scenario = Scenario.independent(RATE, 60, p);
            for (long seed : seeds()) {
                Result none = OutageSimulation.run(scenario, Protection.NONE, seed);
                // sanity: a call fails only if all 3 attempts fail (p³), within Poisson noise
                double expectedFailures = none.allCalls() * p * p * p;
                assertThat(none.allCalls() - none.allCallsSucceeded())
                        .isLessThanOrEqualTo((long) (expectedFailures + 4 * Math.sqrt(expectedFailures) + 2));
                for (Protection budget : List.of(Protection.DEFAULT_BUDGET, Protection.BUDGET_10)) {
                    Result withBudget = OutageSimulation.run(scenario, budget, seed);
                    String what = String.format(Locale.ROOT, "%s at p=%.2f, seed %d", budget.name(), p, seed);
                    assertThat(withBudget.budgetDenied()).as(what).isZero();
                    assertThat(withBudget.successRate()).as(what).isGreaterThanOrEqualTo(none.successRate());
                }
            }
        }
    }

    // --- circuit breaker -------------------------------------------------------------------------------------------

    @Test
    void openBreakerLetsOnlyTheHalfOpenProbesThrough() {
        BreakerSettings settings = BreakerSettings.DEFAULT;
        double delaySeconds = settings.delayNanos() / (double) OutageSimulation.SECOND;
        for (Protection p : List.of(Protection.BREAKER, Protection.BUDGET_AND_BREAKER)) {
            each(outage.get(p), r -> {
                assertThat(r.breakerOpenings()).as("%s opened, seed %d", p.name(), r.seed()).isPositive();
                assertThat(r.reachedWhileOpen()).as("%s: attempts that reached the dependency while open", p.name())
                        .isZero();
                assertThat(r.breakerProbes()).as("%s: half-open probes", p.name())
                        .isPositive()
                        .isLessThanOrEqualTo(r.breakerOpenings() * settings.successThreshold());
                // after the breaker first tripped, the failing dependency sees one probe per delay
                assertThat(r.reachedInOutageAfterFirstTrip()).as("%s: attempts after the trip", p.name())
                        .isLessThanOrEqualTo(((long) Math.ceil(OUTAGE / delaySeconds) + 1)
                                * settings.successThreshold());
                System.out.printf(Locale.ROOT, "%s, seed %d: %d openings, %d probes, %d attempts reached the failing"
                        + " dependency after the first trip%n", p.name(), r.seed(), r.breakerOpenings(),
                        r.breakerProbes(), r.reachedInOutageAfterFirstTrip());
                assertThat(r.amplification()).isLessThan(0.01);
                assertThat(r.recoverySeconds()).as("recovery within one breaker delay")
                        .isLessThanOrEqualTo(delaySeconds);
            });
        }
    }

    @Test
    void defaultBreakerDoesNotTripAt20PercentIndependentFailuresOver100000Calls() {
        Scenario scenario = Scenario.independent(RATE, 100, 0.2); // 100,000 calls
        for (long seed : seeds()) {
            Result r = OutageSimulation.run(scenario, Protection.BREAKER, seed);
            assertThat(r.allCalls()).isEqualTo(100_000);
            assertThat(r.attemptsReached()).as("retries pass the breaker too").isGreaterThan(120_000);
            assertThat(r.breakerOpenings()).as("openings, seed %d", seed).isZero();
            assertThat(r.breakerRefused()).isZero();
        }
        // the check can fail: a window of 20 attempts does trip at 20% independent failures
        Protection small = new Protection("breaker, window 20", null,
                new BreakerSettings(20, 0.5, 5 * OutageSimulation.SECOND, 1));
        for (long seed : seeds()) {
            Result r = OutageSimulation.run(scenario, small, seed);
            assertThat(r.breakerOpenings()).isPositive();
            System.out.printf(Locale.ROOT, "20%% independent failures, breaker window 20, seed %d: first trip after %d"
                    + " calls, %d openings in 100,000 calls%n", seed, r.callsBeforeFirstTrip(), r.breakerOpenings());
        }
    }

    // --- recovery, metastability -----------------------------------------------------------------------------------

    @Test
    void withoutProtectionAnOverloadedDependencyStaysDownAfterTheOutage() {
        each(metastableWithoutOutage, r -> {
            assertThat(r.successRate()).as("at 80%% utilisation without an outage the dependency is healthy")
                    .isGreaterThan(0.999);
            assertThat(r.overallAmplification()).isLessThan(1.01);
        });
        each(metastable.get(Protection.NONE), r -> {
            assertThat(r.recoverySeconds()).as("recovery, seed %d", r.seed()).isInfinite();
            assertThat(r.successAfterOutage()).as("success after the outage").isLessThan(0.01);
            assertThat(r.tailSuccessRate()).as("first-attempt success, last 10 s").isLessThan(0.01);
            assertThat(r.tailAmplification()).as("load, last 10 s").isGreaterThan(2.9);
        });
    }

    @Test
    void defaultBudgetRecoversFromTheOverloadWithinTwoSeconds() {
        each(metastable.get(Protection.DEFAULT_BUDGET), r -> {
            assertThat(r.recoverySeconds()).as("recovery, seed %d", r.seed()).isLessThanOrEqualTo(2.0);
            assertThat(r.successAfterOutage()).isGreaterThan(0.99);
            assertThat(r.tailAmplification()).isLessThan(1.01);
            assertThat(r.tailSuccessRate()).isGreaterThan(0.999);
        });
    }

    /**
     * Recovery depends on where in the budget's cycle (and the breaker's delay) the outage ends: outages of 1 s, 3 s
     * and every 100 ms from 10.0 s to 10.9 s.
     */
    @Test
    void recoveryByOutageLength() {
        List<Protection> protections = List.of(Protection.NONE, Protection.DEFAULT_BUDGET, Protection.BUDGET_10,
                Protection.UNCAPPED_BUDGET, Protection.BREAKER, Protection.BUDGET_AND_BREAKER);
        StringBuilder table = new StringBuilder("| Outage (metastable model) |");
        protections.forEach(p -> table.append(' ').append(p.name()).append(" |"));
        table.append("\n|---|").append("---|".repeat(protections.size())).append('\n');
        double[] outages = { 1, 3, 10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6, 10.7, 10.8, 10.9 };
        double[] worst = new double[protections.size()];
        for (double seconds : outages) {
            table.append(String.format(Locale.ROOT, "| %.1f s |", seconds));
            for (int i = 0; i < protections.size(); i++) {
                Protection p = protections.get(i);
                double max = 0;
                for (long seed : seeds()) {
                    Result r = OutageSimulation.run(Scenario.metastable(RATE, seconds, 20), p, seed);
                    max = Math.max(max, r.recoverySeconds());
                    if (p == Protection.NONE) {
                        assertThat(r.recoverySeconds()).as("no protection, %.1f s outage", seconds).isInfinite();
                    }
                    if (p == Protection.DEFAULT_BUDGET) {
                        assertThat(r.recoverySeconds()).as("default budget, %.1f s outage", seconds)
                                .isLessThanOrEqualTo(2.0);
                    }
                }
                worst[i] = Math.max(worst[i], max);
                table.append(Double.isInfinite(max) ? " never |" : String.format(Locale.ROOT, " %.1f s |", max));
            }
            table.append('\n');
        }
        table.append("| worst |");
        for (double w : worst) {
            table.append(Double.isInfinite(w) ? " never |" : String.format(Locale.ROOT, " %.1f s |", w));
        }
        System.out.println("Time to >99% first-attempt success after the outage ends (worst of " + RUNS
                + " run(s)):\n\n" + table);
    }

    /** Amplification of the default budget over outages of several lengths, against the window bound. */
    @Test
    void defaultBudgetAmplificationByOutageLength() {
        StringBuilder table = new StringBuilder("| Outage | Amplification, default budget"
                + " | Bound 1 + ⌈T / 10 s⌉ × 2,100 / (1,000/s × T) | Peak 1-s amplification |\n"
                + "|---|---|---|---|\n");
        for (int seconds : new int[] { 5, 10, 15, 20, 30, 60 }) {
            double bound = budgetBound(Protection.DEFAULT_BUDGET.budget(), 1, seconds);
            List<Result> runs = runs(Scenario.outage(RATE, seconds), Protection.DEFAULT_BUDGET);
            each(runs, r -> {
                assertThat(r.amplification()).as("%d s outage", seconds).isLessThanOrEqualTo(bound);
                assertThat(r.peakOneSecondAmplification()).as("%d s outage", seconds).isLessThanOrEqualTo(1.5);
            });
            table.append(String.format(Locale.ROOT, "| %d s | %.3f× | %.3f× | %.2f× |%n", seconds,
                    runs.stream().mapToDouble(Result::amplification).average().getAsDouble(), bound,
                    runs.stream().mapToDouble(Result::peakOneSecondAmplification).max().getAsDouble()));
        }
        System.out.println("Default budget by outage length:\n\n" + table);
    }

    @Test
    void sameSeedSameResult() {
        Result a = OutageSimulation.run(OUTAGE_SCENARIO, Protection.BUDGET_AND_BREAKER, 7);
        assertThat(OutageSimulation.run(OUTAGE_SCENARIO, Protection.BUDGET_AND_BREAKER, 7)).isEqualTo(a);
        assertThat(OutageSimulation.run(OUTAGE_SCENARIO, Protection.BUDGET_AND_BREAKER, 8)).isNotEqualTo(a);
    }
}
