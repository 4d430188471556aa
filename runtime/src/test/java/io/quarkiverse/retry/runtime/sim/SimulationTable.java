package io.quarkiverse.retry.runtime.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.quarkiverse.retry.runtime.sim.OutageSimulation.Result;

/** Formats simulation results as a markdown table; several runs (seeds) of one row are averaged. */
final class SimulationTable {

    private final List<List<Result>> rows = new ArrayList<>();

    SimulationTable add(List<Result> runsOfOneRow) {
        rows.add(runsOfOneRow);
        return this;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        boolean several = rows.stream().anyMatch(r -> r.size() > 1);
        out.append("| Scenario | Protection | Amplification during outage | Peak 1-s amplification"
                + " | First-second amplification | Success during outage | Success after outage"
                + " | Recovery to >99% first-attempt success | Load / success, last 10 s"
                + " | Reached dependency while breaker open (probes) | Retries denied by budget |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (List<Result> runs : rows) {
            Result r = runs.get(0);
            out.append("| ").append(r.scenario().name())
                    .append(" | ").append(r.protection().name())
                    .append(" | ").append(num(runs, Result::amplification, "%.3f×", several))
                    .append(" | ").append(num(runs, Result::peakOneSecondAmplification, "%.2f×", several))
                    .append(" | ").append(num(runs, Result::firstSecondAmplification, "%.2f×", several))
                    .append(" | ").append(num(runs, x -> 100 * x.successDuringOutage(), "%.2f%%", false))
                    .append(" | ").append(num(runs, x -> 100 * x.successAfterOutage(), "%.2f%%", false))
                    .append(" | ").append(recovery(runs, several))
                    .append(" | ").append(num(runs, Result::tailAmplification, "%.2f×", false)).append(" / ")
                    .append(num(runs, x -> 100 * x.tailSuccessRate(), "%.1f%%", false))
                    .append(" | ").append(r.protection().breaker() == null ? "–"
                            : num(runs, x -> x.reachedWhileOpen(), "%.0f", false) + " ("
                                    + num(runs, x -> x.breakerProbes(), "%.1f", false) + ")")
                    .append(" | ").append(r.protection().budget() == null ? "–"
                            : num(runs, x -> x.budgetDenied(), "%.0f", false))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String num(List<Result> runs, ToDoubleFunction<Result> metric, String format, boolean withMax) {
        double mean = runs.stream().mapToDouble(metric).average().orElse(Double.NaN);
        if (Double.isNaN(mean)) {
            return "–";
        }
        String s = String.format(Locale.ROOT, format, mean);
        if (withMax && runs.size() > 1) {
            s += " (max " + String.format(Locale.ROOT, format, runs.stream().mapToDouble(metric).max().getAsDouble())
                    + ")";
        }
        return s;
    }

    private static String recovery(List<Result> runs, boolean withMax) {
        double max = runs.stream().mapToDouble(Result::recoverySeconds).max().getAsDouble();
        if (runs.get(0).scenario().outageTenths() == 0) {
            return "–";
        }
        if (Double.isInfinite(max)) {
            long never = runs.stream().filter(r -> Double.isInfinite(r.recoverySeconds())).count();
            return runs.size() == 1 ? "never (" + runs.get(0).scenario().afterSeconds() + " s run after the outage)"
                    : "never in " + never + " of " + runs.size() + " runs";
        }
        return num(runs, Result::recoverySeconds, "%.1f s", withMax);
    }
}
