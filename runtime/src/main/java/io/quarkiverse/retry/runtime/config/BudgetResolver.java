package io.quarkiverse.retry.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.quarkiverse.retry.runtime.budget.RetryBudget;

/**
 * The {@code budget.*} keys of a policy as the {@link RetryBudget} it spends from: the shared one (created once, from
 * {@code quarkus.retry.budget.*}), one of its own, or none.
 */
final class BudgetResolver {

    private static final List<String> OWN_BUDGET_KEYS = List.of("ratio", "min-retries-per-second", "window",
            "burst-factor");

    private final ConfigProblems problems;
    private final PolicyKeys<BudgetConfig> sharedKeys;
    private final Supplier<LongSupplier> clock;
    private RetryBudget shared;
    private boolean sharedResolved;

    /**
     * @param sharedKeys the default policy's budget keys, which configure the shared budget
     * @param clock creates the (coarse) clock of budgets, on the first budget only
     */
    BudgetResolver(ConfigProblems problems, PolicyKeys<BudgetConfig> sharedKeys, Supplier<LongSupplier> clock) {
        this.problems = problems;
        this.sharedKeys = sharedKeys;
        this.clock = clock;
    }

    /** The budget the policy spends from, or {@code null} (none, or invalid and reported). */
    RetryBudget resolve(PolicyKeys<BudgetConfig> keys) {
        Setting<Boolean> enabled = keys.get("enabled", BudgetConfig::enabled, Defaults.BUDGET_ENABLED);
        Optional<Setting<Boolean>> sharedSetting = keys.own("shared", BudgetConfig::shared);
        if (keys.isDefaultPolicy() && sharedSetting.isPresent()) {
            problems.add(sharedSetting.get(), "only named policies choose between the shared budget and one of their"
                    + " own (quarkus.retry.\"<name>\".budget.shared)");
        }
        boolean useShared = keys.isDefaultPolicy()
                || sharedSetting.map(Setting::value).orElse(Defaults.BUDGET_SHARED);
        if (useShared && !keys.isDefaultPolicy()) {
            for (String property : OWN_BUDGET_KEYS) {
                String key = keys.keyOf(property);
                if (problems.isSet(key)) {
                    problems.add(key + "=" + problems.raw(key, "") + ": has no effect while " + keys.keyOf("shared")
                            + " is true (the policy spends from the shared budget, quarkus.retry.budget.*); set it to"
                            + " false to give the policy a budget of its own");
                }
            }
        }
        if (!enabled.value()) {
            if (keys.isDefaultPolicy() || !useShared) {
                // no budget, but the values the policy sets must be valid all the same: they take effect as soon as
                // the budget is enabled, here or in a named policy that spends from the shared budget
                keys.own("ratio", BudgetConfig::ratio).ifPresent(this::atLeastZero);
                keys.own("min-retries-per-second", BudgetConfig::minRetriesPerSecond).ifPresent(this::atLeastZero);
                keys.own("window", BudgetConfig::window).ifPresent(this::checkWindow);
                keys.own("burst-factor", BudgetConfig::burstFactor).ifPresent(this::checkBurst);
            }
            return null;
        }
        if (useShared) {
            if (!sharedResolved) {
                sharedResolved = true;
                shared = create(sharedKeys, "shared");
            }
            return shared;
        }
        return create(keys, RetryBudget.OWN_PREFIX + keys.policy());
    }

    private RetryBudget create(PolicyKeys<BudgetConfig> keys, String displayName) {
        int before = problems.count();
        Setting<Double> ratio = keys.get("ratio", BudgetConfig::ratio, Defaults.BUDGET_RATIO);
        Setting<Double> min = keys.get("min-retries-per-second", BudgetConfig::minRetriesPerSecond,
                Defaults.BUDGET_MIN_RETRIES_PER_SECOND);
        Setting<Duration> window = keys.get("window", BudgetConfig::window, Defaults.BUDGET_WINDOW);
        Setting<Double> burst = keys.get("burst-factor", BudgetConfig::burstFactor, Defaults.BUDGET_BURST_FACTOR);
        atLeastZero(ratio);
        atLeastZero(min);
        checkWindow(window);
        checkBurst(burst);
        if (problems.count() > before) {
            return null;
        }
        return new RetryBudget(displayName, ratio.value(), min.value(), PolicyResolver.nanos(window.value()),
                burst.value(), clock.get());
    }

    private void atLeastZero(Setting<Double> setting) {
        if (!(setting.value() >= 0) || setting.value().isInfinite()) {
            problems.add(setting, "must be a finite number greater than or equal to 0");
        }
    }

    private void checkWindow(Setting<Duration> window) {
        if (window.value().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(window, "must be at least 1s");
        }
    }

    private void checkBurst(Setting<Double> burst) {
        if (!(burst.value() >= 1) || burst.value().isInfinite()) {
            problems.add(burst, "must be a finite number greater than or equal to 1");
        }
    }
}
