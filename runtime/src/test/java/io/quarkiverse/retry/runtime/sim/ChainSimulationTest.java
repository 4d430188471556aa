package io.quarkiverse.retry.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.runtime.budget.RetryBudget;

/**
 * Retries across services in virtual time: three retrying layers in a chain ({@code A → B → C → dependency}),
 * {@code max-attempts=3} each, 1,000 user requests per second, 20 s healthy (the budgets' windows fill), then a 30 s
 * outage in which every attempt at the dependency fails; and the same at 5 user requests per second. Each layer may have the
 * real {@link RetryBudget} with the
 * default settings (its own, as each service has its own), and the signal of retries across services may be on
 * (a layer that gives up marks its error response; a layer that receives a marked response does not retry it).
 * Measured: attempts that reach the dependency per user request during the outage. Deterministic (no random draw
 * matters when every attempt fails). The real-HTTP version of the no-budget rows is
 * {@code deployment/.../propagation/ChainWithSignalTest}.
 */
class ChainSimulationTest {

    static final int LAYERS = 3;
    static final int MAX_ATTEMPTS = 3;
    static final int HIGH_RATE = 1_000;
    /** A rate below the budget's floor of 10 retries per second: a quiet service, or one instance of a large fleet. */
    static final int LOW_RATE = 5;
    static final int HEALTHY_SECONDS = 20;
    static final int OUTAGE_SECONDS = 30;
    static final long MS = 1_000_000L;

    record Result(double perRequest, double firstSecond, double lastTenSeconds) {
    }

    /** What a call of one layer did: attempts that reached the dependency, and whether its response is marked. */
    private record Call(long dependencyAttempts, boolean marked) {
    }

    private static final class Chain {
        final boolean signal;
        final RetryBudget[] budgets = new RetryBudget[LAYERS];
        long now;

        Chain(boolean budget, boolean signal) {
            this.signal = signal;
            for (int i = 0; i < LAYERS; i++) {
                budgets[i] = budget ? new RetryBudget("layer " + i, 0.2, 10, 10_000 * MS, 2.0, () -> now) : null;
            }
        }

        /** A call of layer {@code layer} (0 is next to the dependency) while the dependency is down. */
        Call failingCall(int layer) {
            RetryBudget budget = budgets[layer];
            if (budget != null) {
                budget.deposit();
            }
            long attempts = 0;
            for (int attempt = 1;; attempt++) {
                boolean lowerMarked;
                if (layer == 0) {
                    attempts++; // the dependency fails
                    lowerMarked = false;
                } else {
                    Call lower = failingCall(layer - 1);
                    attempts += lower.dependencyAttempts();
                    lowerMarked = lower.marked();
                }
                if (signal && lowerMarked) {
                    return new Call(attempts, true); // not retried, and the signal goes up
                }
                if (attempt == MAX_ATTEMPTS || (budget != null && !budget.tryWithdraw())) {
                    return new Call(attempts, signal); // gave up: exhausted or budget denied
                }
            }
        }

        /** A call while the dependency is healthy: every layer deposits once, nothing is retried. */
        void healthyCall() {
            for (RetryBudget budget : budgets) {
                if (budget != null) {
                    budget.deposit();
                }
            }
        }
    }

    static Result run(int rate, boolean budget, boolean signal) {
        Chain chain = new Chain(budget, signal);
        long step = 1_000_000_000L / rate;
        for (int i = 0; i < HEALTHY_SECONDS * rate; i++) {
            chain.now += step;
            chain.healthyCall();
        }
        long total = 0;
        long first = 0;
        long lastTen = 0;
        for (int i = 0; i < OUTAGE_SECONDS * rate; i++) {
            chain.now += step;
            long attempts = chain.failingCall(LAYERS - 1).dependencyAttempts();
            total += attempts;
            if (i < rate) {
                first += attempts;
            }
            if (i >= (OUTAGE_SECONDS - 10) * rate) {
                lastTen += attempts;
            }
        }
        return new Result(total / (double) (OUTAGE_SECONDS * rate), first / (double) rate,
                lastTen / (10.0 * rate));
    }

    @Test
    void theSignalBoundsTheChainToOneLayersAttempts() {
        System.out.println("| user requests/s | protection (each of 3 layers) | attempts at the dependency per user"
                + " request (30 s outage) | first second | last 10 s |");
        System.out.println("|---:|---|---:|---:|---:|");
        for (int rate : new int[] { HIGH_RATE, LOW_RATE }) {
            Result none = run(rate, false, false);
            Result budget = run(rate, true, false);
            Result signal = run(rate, false, true);
            Result both = run(rate, true, true);
            print(rate, "none", none);
            print(rate, "retry budget (default)", budget);
            print(rate, "signal (retries across services)", signal);
            print(rate, "signal + retry budget", both);

            assertThat(none.perRequest()).isEqualTo(27.0);
            assertThat(signal.perRequest()).as("only the layer next to the dependency retries").isEqualTo(3.0);
            assertThat(budget.perRequest()).isLessThanOrEqualTo(none.perRequest());
            assertThat(both.perRequest()).isLessThanOrEqualTo(Math.min(budget.perRequest(), signal.perRequest()));
            if (rate == LOW_RATE) {
                // the floor of 10 retries per second pays for every retry of the first second, and keeps the
                // multiplication well above one layer's attempts afterwards
                assertThat(budget.firstSecond()).as("budgets alone, first second").isEqualTo(27.0);
                assertThat(budget.perRequest()).as("budgets alone").isGreaterThan(2 * signal.perRequest());
                assertThat(both.perRequest()).isEqualTo(3.0);
            } else {
                assertThat(both.lastTenSeconds()).as("steady state: one layer's budget, ratio 0.2 plus 10/s")
                        .isLessThan(1.25);
            }
        }
    }

    private static void print(int rate, String name, Result result) {
        System.out.println(String.format(Locale.ROOT, "| %,d | %s | %.2f | %.2f | %.2f |", rate, name,
                result.perRequest(), result.firstSecond(), result.lastTenSeconds()));
    }
}
