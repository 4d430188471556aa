package io.quarkiverse.retry.runtime.properties;

import static io.quarkiverse.retry.runtime.properties.Generators.HOUR;
import static io.quarkiverse.retry.runtime.properties.Generators.MS;
import static io.quarkiverse.retry.runtime.properties.Generators.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.quarkiverse.retry.runtime.budget.RetryBudget;

/**
 * {@link RetryBudget} under random interleavings of deposits (first attempts), withdrawals (retries) and clock
 * advances on a fake clock, with random {@code ratio}, {@code min-retries-per-second}, {@code window} and
 * {@code burst-factor}. Single-threaded, so none of the concurrency approximations the class documents (a deposit
 * racing with the start of a slot, a lost deposit on a shared stripe, an overdraw by racing threads) apply: the
 * bounds are checked with no slack beyond floating-point rounding ({@code 1e-9} relative).
 * <p>
 * The bounds, as the class documents them and as its implementation counts: time is cut into 100 ms slots, the
 * {@code window} is rounded up to whole slots ({@code W} slots, {@code w = W / 10} seconds), and "the window" of a
 * withdrawal in slot {@code e} is the slots {@code [e - W + 1, e]}, the current one included; "one second" is the
 * slots {@code [e - 9, e]}. When a withdrawal is granted, counting it:
 * <ol>
 * <li>retries in its window {@code <= ratio × first attempts in that window + min-retries-per-second × w};</li>
 * <li>retries in its second {@code <= max(1, min-retries-per-second × w, burst-factor × (ratio × first attempts in
 * the window / s + min-retries-per-second))}, where {@code s} is {@code w}, or the budget's age in seconds (at least
 * 1) while it is younger than its window;</li>
 * </ol>
 * and a withdrawal is refused only when one of them would be exceeded.
 * <p>
 * These bounds hold for the window ending at each retry, not for an arbitrary window: credit deposited in one window
 * can be spent at the end of it, so a later window may hold retries paid for by the first attempts of the window
 * before it ({@link #creditSavedInOneWindowIsSpentInTheNext()}). The bound over an arbitrary run of {@code W} slots
 * {@code [s, s + W - 1]} (derived from the implementation: take the last retry in it, in slot {@code e}; its window
 * {@code [e - W + 1, e]} holds every retry of the run and lies within {@code [s - W + 1, s + W - 1]}) is
 * {@code retries <= ratio × first attempts in [s - W + 1, s + W - 1] + min-retries-per-second × w}: the slack is the
 * first attempts of the {@code W - 1} slots before the run.
 * <p>
 * The property is checked on a fixed number of random cases, reproducible from a seed (see {@link Tries}).
 */
class BudgetPropertiesTest {

    private static final long SLOT = 100 * MS;

    enum Kind {
        DEPOSIT,
        WITHDRAW,
        ADVANCE
    }

    /** Deposits or withdrawals {@code amount} times, or advances the clock by {@code amount} nanoseconds. */
    record Op(Kind kind, long amount) {
    }

    record Case(double ratio, double minPerSecond, long windowNanos, double burstFactor, long clockStart, List<Op> ops) {
    }

    /** Slots of events, in time order (the fake clock never goes back). */
    static final class Events {
        long[] slots = new long[64];
        int size;

        void add(long slot) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
            }
            slots[size++] = slot;
        }

        /** Events in slots {@code [from, to]}. */
        long count(long from, long to) {
            return from > to ? 0 : firstAbove(to) - firstAbove(from - 1);
        }

        private int firstAbove(long slot) {
            int low = 0;
            int high = size;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (slots[mid] <= slot) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }
    }

    @Test
    void grantedRetriesStayWithinTheWindowAndBurstBoundsAndOnlyTheyRefuse() {
        Tries.forAll(300, BudgetPropertiesTest::cases,
                BudgetPropertiesTest::grantedRetriesStayWithinTheWindowAndBurstBoundsAndOnlyTheyRefuse);
    }

    private static void grantedRetriesStayWithinTheWindowAndBurstBoundsAndOnlyTheyRefuse(Case c) {
        long[] now = { c.clockStart() };
        RetryBudget budget = new RetryBudget("props", c.ratio(), c.minPerSecond(), c.windowNanos(), c.burstFactor(),
                () -> now[0]);
        int windowSlots = (int) Math.min(100_000, (c.windowNanos() + SLOT - 1) / SLOT);
        double windowSeconds = windowSlots / 10.0;
        assertThat(budget.windowSeconds()).isEqualTo(windowSeconds);
        long created = Math.floorDiv(c.clockStart(), SLOT);
        Events deposits = new Events();
        Events grants = new Events();
        long denied = 0;
        for (Op op : c.ops()) {
            long e = Math.floorDiv(now[0], SLOT);
            switch (op.kind()) {
                case ADVANCE -> now[0] += op.amount();
                case DEPOSIT -> {
                    for (long i = 0; i < op.amount(); i++) {
                        budget.deposit();
                        deposits.add(e);
                    }
                }
                case WITHDRAW -> {
                    for (long i = 0; i < op.amount(); i++) {
                        long from = e - windowSlots + 1;
                        long d = deposits.count(from, e);
                        long w = grants.count(from, e);
                        long recent = grants.count(e - 9, e);
                        assertThat(budget.windowCounts()).as("window counts").containsExactly(d, w);
                        double windowLimit = c.ratio() * d + c.minPerSecond() * windowSeconds;
                        double seconds = Math.max(1.0, Math.min(windowSeconds, (e - created + 1) / 10.0));
                        double burstLimit = Math.max(Math.max(1.0, c.minPerSecond() * windowSeconds),
                                c.burstFactor() * (c.ratio() * d / seconds + c.minPerSecond()));
                        long available = budget.available();
                        boolean granted = budget.tryWithdraw();
                        assertThat(granted).as("granted, with %s available", available).isEqualTo(available >= 1);
                        String state = String.format("slot %s: %s first attempts and %s retries in the window,"
                                + " %s retries in the second; limits %s and %s", e, d, w, recent, windowLimit,
                                burstLimit);
                        if (granted) {
                            grants.add(e);
                            assertThat(w + 1.0).as("window bound, " + state).isLessThanOrEqualTo(up(windowLimit));
                            assertThat(recent + 1.0).as("burst bound, " + state).isLessThanOrEqualTo(up(burstLimit));
                        } else {
                            denied++;
                            assertThat(w + 1.0 > down(windowLimit) || recent + 1.0 > down(burstLimit))
                                    .as("refused within both bounds, " + state).isTrue();
                        }
                    }
                }
            }
        }
        assertThat(budget.denied()).isEqualTo(denied);
        assertThat(budget.deposits()).isEqualTo(deposits.size);
        checkArbitraryWindows(c, windowSlots, windowSeconds, deposits, grants);
    }

    /**
     * Over any run of {@code W} slots {@code [s, s + W - 1]}: retries {@code <= ratio × first attempts in
     * [s - W + 1, s + W - 1] + min × w}. The count of retries and the count of first attempts are step functions of
     * {@code s} that change only where an event slot enters or leaves one of the two ranges, so checking {@code s} at
     * every such breakpoint checks every run.
     */
    private static void checkArbitraryWindows(Case c, int windowSlots, double windowSeconds, Events deposits,
            Events grants) {
        TreeSet<Long> starts = new TreeSet<>();
        for (Events events : List.of(deposits, grants)) {
            for (int i = 0; i < events.size; i++) {
                long x = events.slots[i];
                starts.add(x - windowSlots + 1); // x enters both ranges
                starts.add(x + 1); // x leaves the run
                starts.add(x + windowSlots); // x leaves the look-back
            }
        }
        for (long s : starts) {
            long retries = grants.count(s, s + windowSlots - 1);
            if (retries == 0) {
                continue;
            }
            long paying = deposits.count(s - windowSlots + 1, s + windowSlots - 1);
            double bound = c.ratio() * paying + c.minPerSecond() * windowSeconds;
            assertThat((double) retries).as("retries in slots [%s, %s], %s first attempts in [%s, %s]", s,
                    s + windowSlots - 1, paying, s - windowSlots + 1, s + windowSlots - 1)
                    .isLessThanOrEqualTo(up(bound));
        }
    }

    /**
     * Why the bound over an arbitrary window needs the window before it: 100 first attempts at 0 s bank 10 retries
     * (ratio 0.1) that can all be spent at 9.9 s, so the window [9.9 s, 19.9 s) holds 10 retries and no first attempt.
     */
    @Test
    void creditSavedInOneWindowIsSpentInTheNext() {
        long[] now = { 0 };
        RetryBudget budget = new RetryBudget("props", 0.1, 0, 10 * SECOND, 10, () -> now[0]);
        for (int i = 0; i < 100; i++) {
            budget.deposit();
        }
        now[0] = 9_900 * MS;
        int granted = 0;
        while (budget.tryWithdraw()) {
            granted++;
        }
        assertThat(granted).isEqualTo(10);
        now[0] = 19_800 * MS;
        assertThat(budget.windowCounts()).as("[first attempts, retries] in the window ending at 19.8 s")
                .containsExactly(0, 10);
    }

    private static double up(double limit) {
        return limit + 1e-9 * Math.max(1, Math.abs(limit));
    }

    private static double down(double limit) {
        return limit - 1e-9 * Math.max(1, Math.abs(limit));
    }

    static Case cases(SplittableRandom r) {
        double ratio = switch (Generators.weighted(r, 4, 2, 1)) {
            case 0 -> Generators.decimal(r, 0, 1, 6);
            case 1 -> Generators.oneOf(r, 0.0, 0.1, 0.2, 0.5, 1.0);
            default -> Generators.decimal(r, 0, 10, 3);
        };
        double min = switch (Generators.weighted(r, 3, 3, 1)) {
            case 0 -> 0.0;
            case 1 -> Generators.decimal(r, 0, 5, 3);
            default -> Generators.oneOf(r, 0.1, 1.0, 10.0, 100.0);
        };
        long window = Generators.weighted(r, 3, 2) == 0 ? Generators.between(r, 1, 30L) * SECOND
                : Generators.between(r, SECOND, 60 * SECOND);
        double burst = Generators.weighted(r, 3, 2) == 0 ? Generators.decimal(r, 1, 10, 3)
                : Generators.oneOf(r, 1.0, 2.0, 3.0, 1e9);
        long start = Generators.weighted(r, 2, 2) == 0 ? 0L
                : Generators.between(r, -Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
        List<Op> ops = Generators.list(r, 0, 250, BudgetPropertiesTest::op);
        return new Case(ratio, min, window, burst, start, ops);
    }

    private static Op op(SplittableRandom r) {
        return switch (Generators.weighted(r, 4, 4, 3)) {
            case 0 -> new Op(Kind.DEPOSIT, Generators.between(r, 1, 20L));
            case 1 -> new Op(Kind.WITHDRAW, Generators.between(r, 1, 8L));
            default -> new Op(Kind.ADVANCE, switch (Generators.weighted(r, 3, 3, 2, 1, 1)) {
                case 0 -> Generators.between(r, 0, SLOT);
                case 1 -> Generators.between(r, 0, 2 * SECOND);
                case 2 -> Generators.between(r, 1, 20L) * SLOT;
                case 3 -> Generators.between(r, 0, 120 * SECOND);
                default -> Generators.oneOf(r, 1L, SLOT - 1, HOUR);
            });
        };
    }
}
