package io.quarkiverse.retry.runtime.sim;

import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.Backoff;
import io.quarkiverse.retry.runtime.core.Jitter;

/**
 * Discrete-event simulation, in virtual time, of open-loop clients that call a dependency through the retry layer
 * during an outage. It drives the real {@link RetryBudget}, {@link CircuitBreaker} and {@link Backoff} (full jitter);
 * their clocks read the virtual time. Everything random comes from {@link Random}s seeded from the run's seed, so a
 * run is reproducible.
 * <p>
 * Each call makes its first attempt at its arrival time. After a failed attempt the call decides like
 * {@code Retrier.nextDelay}: attempts exhausted → give up; the wait is drawn from the backoff; breaker refusing →
 * stop (no budget spent, dependency not hit); budget denies → give up; otherwise the retry runs after the wait. Every
 * attempt goes through {@link CircuitBreaker#tryAcquire()} (a refused attempt fails fast, does not reach the
 * dependency and is not retried) and reports its outcome. The dependency answers at once (no latency).
 */
final class OutageSimulation {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;
    /** Resolution of the recovery measurement and of the capacity model. */
    static final long SLOT = 100 * MS;

    /**
     * What happens to the dependency: healthy for {@code warmupSeconds}, down (every attempt fails) for
     * {@code outageTenths} tenths of a second, then healthy again for {@code afterSeconds}. When healthy, an attempt
     * fails independently with probability {@code independentFailure} and, if {@code capacityPerSecond > 0}, when the
     * dependency is overloaded (see {@link OutageSimulation#dependency()}).
     */
    record Scenario(String name, double ratePerSecond, int warmupSeconds, int outageTenths, int afterSeconds,
            double independentFailure, double capacityPerSecond) {

        static Scenario outage(double rate, double outageSeconds) {
            return new Scenario("outage " + format(outageSeconds), rate, 20, tenths(outageSeconds), 30, 0, 0);
        }

        /** Dependency at 80% utilisation ({@code capacity = 1.25 × rate}); a rejected attempt costs half a unit. */
        static Scenario metastable(double rate, double outageSeconds, int afterSeconds) {
            return new Scenario("metastable, outage " + format(outageSeconds), rate, 20, tenths(outageSeconds),
                    afterSeconds, 0, rate * 1.25);
        }

        /** No outage: the dependency fails each attempt independently with probability {@code p}. */
        static Scenario independent(double rate, int seconds, double p) {
            return new Scenario(String.format(Locale.ROOT, "%.0f%% independent failures", p * 100), rate, seconds, 0, 0,
                    p, 0);
        }

        Scenario withoutOutage() {
            return new Scenario(name.replaceFirst(", outage .*", "") + ", no outage", ratePerSecond, warmupSeconds, 0,
                    (outageTenths + 9) / 10 + afterSeconds, independentFailure, capacityPerSecond);
        }

        private static int tenths(double seconds) {
            int tenths = (int) Math.round(seconds * 10);
            if (tenths < 0 || Math.abs(tenths - seconds * 10) > 1e-6) {
                throw new IllegalArgumentException("Outage must be a multiple of 100 ms: " + seconds);
            }
            return tenths;
        }

        private static String format(double seconds) {
            return (seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds)) + " s";
        }

        double outageSeconds() {
            return outageTenths / 10.0;
        }

        long outageStart() {
            return warmupSeconds * SECOND;
        }

        long outageEnd() {
            return outageStart() + outageTenths * SLOT;
        }

        long end() {
            return outageEnd() + afterSeconds * SECOND;
        }
    }

    /** Budget parameters; {@code null} fields mean "not used". */
    record BudgetSettings(double ratio, double minRetriesPerSecond, long windowNanos, double burstFactor) {

        static final BudgetSettings DEFAULT = new BudgetSettings(0.2, 10, 10 * SECOND, 2.0);

        RetryBudget create(OutageSimulation sim) {
            return new RetryBudget("sim", ratio, minRetriesPerSecond, windowNanos, burstFactor, sim::now);
        }
    }

    record BreakerSettings(int requestVolumeThreshold, double failureRatio, long delayNanos, int successThreshold) {

        static final BreakerSettings DEFAULT = new BreakerSettings(100, 0.5, 5 * SECOND, 1);

        CircuitBreaker create(OutageSimulation sim) {
            return new CircuitBreaker("sim", requestVolumeThreshold, failureRatio, delayNanos, successThreshold,
                    sim::now);
        }
    }

    /** The retry layer's configuration: max-attempts 3, backoff 100 ms × 2^n up to 2 s, full jitter. */
    /**
     * The retry layer's configuration. {@code instances > 1} simulates a fleet: calls are spread round-robin over
     * that many application instances, each with its own budget and breaker.
     */
    record Protection(String name, BudgetSettings budget, BreakerSettings breaker, int instances) {

        Protection(String name, BudgetSettings budget, BreakerSettings breaker) {
            this(name, budget, breaker, 1);
        }

        Protection fleet(int instances) {
            return new Protection(name + ", fleet of " + instances, budget, breaker, instances);
        }

        static final int MAX_ATTEMPTS = 3;
        static final long BASE = 100 * MS;
        static final long MAX = 2 * SECOND;
        static final double MULTIPLIER = 2.0;

        static final Protection NONE = new Protection("no budget, no breaker", null, null);
        static final Protection DEFAULT_BUDGET = new Protection("budget 20% (default)", BudgetSettings.DEFAULT, null);
        static final Protection BUDGET_10 = new Protection("budget 10%",
                new BudgetSettings(0.1, 10, 10 * SECOND, 2.0), null);
        static final Protection BREAKER = new Protection("breaker (default)", null, BreakerSettings.DEFAULT);
        static final Protection BUDGET_AND_BREAKER = new Protection("budget 20% + breaker", BudgetSettings.DEFAULT,
                BreakerSettings.DEFAULT);
        /** The default budget without its burst cap: Finagle's behaviour, for comparison. */
        static final Protection UNCAPPED_BUDGET = new Protection("budget 20%, no burst cap (Finagle-like)",
                new BudgetSettings(0.2, 10, 10 * SECOND, 1e9), null);
    }

    /** The measurements of one run. Rates are fractions; {@code recoverySeconds} is infinite if never recovered. */
    record Result(Scenario scenario, Protection protection, long seed,
            long firstAttempts, long attemptsReached,
            long outageFirstAttempts, long outageAttemptsReached,
            double peakOneSecondAmplification, double firstSecondAmplification,
            long outageCalls, long outageCallsSucceeded, long afterCalls, long afterCallsSucceeded,
            long allCalls, long allCallsSucceeded,
            double recoverySeconds, double tailAmplification, double tailSuccessRate,
            long budgetDenied, long breakerRefused, long breakerStopped,
            long breakerOpenings, long breakerProbes, long reachedWhileOpen, long reachedInOutageAfterFirstTrip,
            long callsBeforeFirstTrip) {

        double amplification() {
            return outageAttemptsReached / (double) outageFirstAttempts;
        }

        double overallAmplification() {
            return attemptsReached / (double) firstAttempts;
        }

        double successDuringOutage() {
            return outageCallsSucceeded / (double) outageCalls;
        }

        double successAfterOutage() {
            return afterCallsSucceeded / (double) afterCalls;
        }

        double successRate() {
            return allCallsSucceeded / (double) allCalls;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private final Scenario scenario;
    private final Protection protection;
    private final long seed;
    private final Random failures;
    private final Backoff backoff;
    private final RetryBudget[] budgets;
    private final CircuitBreaker[] breakers;
    private long calls;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    // dependency, capacity model
    private long capacitySlot = Long.MIN_VALUE;
    private long currentSlotDemand;
    private double serveProbability = 1.0;

    // metrics
    private final long[] firstPerSlot;
    private final long[] reachedPerSlot;
    private final long[] firstOkPerSlot;
    private long outageCalls, outageCallsOk, afterCalls, afterCallsOk, allCalls, allCallsOk;
    private long budgetDenied, breakerRefused, breakerStopped;
    private long breakerOpenings, breakerProbes, reachedWhileOpen, reachedInOutageAfterFirstTrip;
    private long firstTrip = Long.MAX_VALUE;
    private long callsBeforeFirstTrip = -1;

    private OutageSimulation(Scenario scenario, Protection protection, long seed) {
        this.scenario = scenario;
        this.protection = protection;
        this.seed = seed;
        Random master = new Random(seed);
        this.failures = new Random(master.nextLong());
        Random jitterRandom = new Random(master.nextLong());
        this.backoff = new Backoff(Protection.BASE, Protection.MAX, Protection.MULTIPLIER, Jitter.FULL,
                jitterRandom::nextDouble);
        this.budgets = protection.budget() == null ? null : new RetryBudget[protection.instances()];
        this.breakers = protection.breaker() == null ? null : new CircuitBreaker[protection.instances()];
        for (int i = 0; i < protection.instances(); i++) {
            if (budgets != null) {
                budgets[i] = protection.budget().create(this);
            }
            if (breakers != null) {
                breakers[i] = protection.breaker().create(this);
            }
        }
        int slots = (int) (scenario.end() / SLOT) + 30; // retries drain within 300 ms after the end
        this.firstPerSlot = new long[slots];
        this.reachedPerSlot = new long[slots];
        this.firstOkPerSlot = new long[slots];
    }

    long now() {
        return now;
    }

    static Result run(Scenario scenario, Protection protection, long seed) {
        return new OutageSimulation(scenario, protection, seed).run();
    }

    private static final class Call {
        final long arrival;
        final int instance;
        int attempt; // attempts made so far
        long previousDelay = Protection.BASE;

        Call(long arrival, int instance) {
            this.arrival = arrival;
            this.instance = instance;
        }
    }

    private record Event(long time, long sequence, Call call) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private Result run() {
        long interval = Math.round(SECOND / scenario.ratePerSecond());
        long end = scenario.end();
        long nextArrival = 0;
        while (true) {
            Event next = queue.peek();
            if (nextArrival < end && (next == null || nextArrival <= next.time())) {
                now = nextArrival;
                nextArrival += interval;
                firstAttempt(new Call(now, (int) (calls++ % protection.instances())));
            } else if (next != null) {
                queue.poll();
                now = next.time();
                attempt(next.call());
            } else {
                break;
            }
        }
        return result();
    }

    private void firstAttempt(Call call) {
        firstPerSlot[(int) (now / SLOT)]++;
        if (budgets != null) {
            // every call deposits, whatever the breaker says (Retrier.beforeFirstAttempt)
            budgets[call.instance].deposit();
        }
        attempt(call);
    }

    private void attempt(Call call) {
        call.attempt++;
        RetryBudget budget = budgets == null ? null : budgets[call.instance];
        CircuitBreaker breaker = breakers == null ? null : breakers[call.instance];
        CircuitBreakerState before = breaker == null ? null : breaker.state();
        int permit = breaker == null ? -1 : breaker.tryAcquire();
        if (permit == CircuitBreaker.REFUSED) {
            breakerRefused++;
            finish(call, false); // fails fast, never retried
            return;
        }
        if (before == CircuitBreakerState.OPEN) {
            reachedWhileOpen++; // must never happen: an open breaker refuses
        } else if (before == CircuitBreakerState.HALF_OPEN) {
            breakerProbes++;
        }
        reachedPerSlot[(int) (now / SLOT)]++;
        if (now >= firstTrip && now >= scenario.outageStart() && now < scenario.outageEnd()) {
            reachedInOutageAfterFirstTrip++;
        }
        boolean ok = dependency();
        if (breaker != null) {
            if (ok) {
                breaker.onSuccess(permit);
            } else {
                breaker.onFailure(permit);
            }
            if (before != CircuitBreakerState.OPEN && breaker.state() == CircuitBreakerState.OPEN) {
                breakerOpenings++;
                if (firstTrip == Long.MAX_VALUE) {
                    firstTrip = now;
                    callsBeforeFirstTrip = calls;
                }
            }
        }
        if (call.attempt == 1) {
            if (ok) {
                firstOkPerSlot[(int) (now / SLOT)]++;
            }
        }
        if (ok) {
            finish(call, true);
            return;
        }
        // Retrier.nextDelay, in its order
        if (call.attempt >= Protection.MAX_ATTEMPTS) {
            finish(call, false);
            return;
        }
        long delay = backoff.delayNanos(call.attempt, call.previousDelay);
        if (breaker != null && breaker.isRefusing()) {
            breakerStopped++;
            finish(call, false);
            return;
        }
        if (budget != null && !budget.tryWithdraw()) {
            budgetDenied++;
            finish(call, false);
            return;
        }
        call.previousDelay = delay;
        queue.add(new Event(now + delay, sequence++, call));
    }

    /** One attempt reaches the dependency now: does it succeed? */
    private boolean dependency() {
        if (scenario.capacityPerSecond() > 0) {
            long slot = now / SLOT;
            if (slot != capacitySlot) {
                // fluid estimate: the demand of this slot is the demand of the previous one
                long previousDemand = slot == capacitySlot + 1 ? currentSlotDemand : 0;
                double capacity = scenario.capacityPerSecond() * SLOT / SECOND;
                serveProbability = previousDemand <= capacity ? 1.0
                        : Math.max(0, 2 * capacity - previousDemand) / previousDemand;
                capacitySlot = slot;
                currentSlotDemand = 0;
            }
            currentSlotDemand++;
        }
        if (now >= scenario.outageStart() && now < scenario.outageEnd()) {
            return false;
        }
        // draw both numbers always, so that runs differ only by what the retry layer decides
        boolean independentFailure = failures.nextDouble() < scenario.independentFailure();
        boolean overloaded = failures.nextDouble() >= serveProbability;
        return !independentFailure && !overloaded;
    }

    private void finish(Call call, boolean ok) {
        allCalls++;
        if (ok) {
            allCallsOk++;
        }
        if (call.arrival >= scenario.outageStart() && call.arrival < scenario.outageEnd()) {
            outageCalls++;
            if (ok) {
                outageCallsOk++;
            }
        } else if (call.arrival >= scenario.outageEnd()) {
            afterCalls++;
            if (ok) {
                afterCallsOk++;
            }
        }
    }

    private Result result() {
        int outageStart = (int) (scenario.outageStart() / SLOT);
        int outageEnd = (int) (scenario.outageEnd() / SLOT);
        int end = (int) (scenario.end() / SLOT);
        // peak over the calendar seconds that lie entirely within the outage
        double peak = Double.NaN;
        for (int second = (outageStart + 9) / 10; second * 10 + 10 <= outageEnd; second++) {
            double amplification = ratio(reachedPerSlot, firstPerSlot, second * 10, second * 10 + 10);
            peak = Double.isNaN(peak) ? amplification : Math.max(peak, amplification);
        }
        int tailStart = Math.max(outageEnd, end - 100); // the last 10 s of the run
        return new Result(scenario, protection, seed, sum(firstPerSlot, 0, end), sum(reachedPerSlot, 0, end),
                sum(firstPerSlot, outageStart, outageEnd), sum(reachedPerSlot, outageStart, outageEnd), peak,
                outageEnd - outageStart >= 10 ? ratio(reachedPerSlot, firstPerSlot, outageStart, outageStart + 10)
                        : Double.NaN,
                outageCalls, outageCallsOk, afterCalls, afterCallsOk, allCalls, allCallsOk,
                recoverySeconds(outageEnd, end), ratio(reachedPerSlot, firstPerSlot, tailStart, end),
                ratio(firstOkPerSlot, firstPerSlot, tailStart, end), budgetDenied, breakerRefused, breakerStopped,
                breakerOpenings, breakerProbes, reachedWhileOpen, reachedInOutageAfterFirstTrip, callsBeforeFirstTrip);
    }

    private static long sum(long[] values, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }

    private static double ratio(long[] numerator, long[] denominator, int from, int to) {
        return sum(numerator, from, to) / (double) sum(denominator, from, to);
    }

    /**
     * Time from the end of the outage until first-attempt success is back above 99%: the smallest r (a multiple of
     * 100 ms) such that every 1-second window starting at or after {@code outageEnd + r} (on the 100 ms grid) has
     * more than 99% of its first attempts succeed. Infinite if the last window of the run is still below.
     */
    private double recoverySeconds(int fromSlot, int toSlot) {
        if (fromSlot + 10 > toSlot) {
            return Double.NaN; // nothing after the outage
        }
        int lastBad = fromSlot - 1;
        for (int start = fromSlot; start + 10 <= toSlot; start++) {
            long first = 0;
            long ok = 0;
            for (int s = start; s < start + 10; s++) {
                first += firstPerSlot[s];
                ok += firstOkPerSlot[s];
            }
            if (!(ok > 0.99 * first)) {
                lastBad = start;
            }
        }
        if (lastBad + 10 >= toSlot) {
            return Double.POSITIVE_INFINITY;
        }
        return (lastBad + 1 - fromSlot) / 10.0;
    }
}
