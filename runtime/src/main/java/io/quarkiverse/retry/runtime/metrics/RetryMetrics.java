package io.quarkiverse.retry.runtime.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.TimeWindowMax;
import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.core.FailedResult;
import io.quarkiverse.retry.runtime.core.event.CircuitBreakerListener;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;

/**
 * The Micrometer meters of the retries, a consumer of the engine's events. Every meter is registered when the engine
 * asks for the listener of a method or breaker, at startup (so rates start at 0), and resolved once: a call reports
 * to meters it already holds, and a call that succeeds at once makes exactly one counter increment
 * ({@code retry.calls{outcome=success,retried=false}}). Only loaded when the application has Micrometer.
 * <p>
 * The counters on the paths of every call ({@code retry.calls}, {@code retry.retries},
 * {@code retry.circuitbreaker.calls}) and the rare ones alike are {@link LongAdder}s that Micrometer reads when it
 * publishes ({@link FunctionCounter}s): an increment is one uncontended add, where a {@code Counter} of the global
 * registry goes through Micrometer's composite meter to each registry's counter (about 25 ns more per call in
 * {@code benchmarks/micrometer.sh}, and an allocation where a breaker reports too).
 * <p>
 * Threading: the meters are thread-safe; the maps below are filled at startup, when listeners are created.
 */
public final class RetryMetrics implements RetryEvents {

    private static final RetryOutcome[] OUTCOMES = RetryOutcome.values();

    private final MeterRegistry registry;
    private final boolean methodTag;
    private final boolean errorTypeTag;
    private final Map<String, MethodMeters> methods = new HashMap<>();
    private final Map<RetryBudget, LongAdder> budgets = new IdentityHashMap<>();

    /**
     * On Micrometer's global registry: Quarkus adds its registries (Prometheus, ...) to it, and meters registered
     * before a registry is added reach that registry too.
     */
    static RetryMetrics onGlobalRegistry(boolean methodTag, boolean errorTypeTag) {
        return new RetryMetrics(io.micrometer.core.instrument.Metrics.globalRegistry, methodTag, errorTypeTag);
    }

    /**
     * @param methodTag whether meters have a {@code method} tag; {@code false} aggregates them per policy
     * @param errorTypeTag whether {@code retry.retries} has an {@code error.type} tag
     */
    public RetryMetrics(MeterRegistry registry, boolean methodTag, boolean errorTypeTag) {
        this.registry = registry;
        this.methodTag = methodTag;
        this.errorTypeTag = errorTypeTag;
    }

    @Override
    public synchronized RetryListener forMethod(RetryTarget target) {
        LongAdder denied = target.budget() == null ? null : budget(target.budget(), target.budgetName());
        Tags tags = methodTag ? Tags.of("method", target.method(), "policy", RetryMetricsTags.policy(target.policy().name()))
                : Tags.of("policy", RetryMetricsTags.policy(target.policy().name()));
        String key = tags.toString();
        MethodMeters meters = methods.get(key);
        if (meters == null) {
            meters = new MethodMeters(tags);
            methods.put(key, meters);
        }
        return denied == null ? meters : new BudgetedMeters(meters, denied);
    }

    /** The meters of a budget, registered once; returns its {@code retry.budget.denied} counter. */
    private LongAdder budget(RetryBudget budget, String name) {
        LongAdder denied = budgets.get(budget);
        if (denied == null) {
            Tags tags = Tags.of("budget", name);
            Gauge.builder("retry.budget.available", budget, RetryBudget::available).tags(tags)
                    .description("Retries the budget allows now").register(registry);
            FunctionCounter.builder("retry.budget.deposits", budget, RetryBudget::deposits).tags(tags)
                    .description("First attempts that fed the budget").register(registry);
            denied = counter("retry.budget.denied", tags, "Retries the budget refused");
            budgets.put(budget, denied);
        }
        return denied;
    }

    /** A counter Micrometer reads when it publishes: see the type's comment. */
    private LongAdder counter(String name, Tags tags, String description) {
        LongAdder adder = new LongAdder();
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).tags(tags).description(description)
                .register(registry);
        return adder;
    }

    @Override
    public synchronized CircuitBreakerListener forCircuitBreaker(CircuitBreaker breaker) {
        return new BreakerMeters(breaker);
    }

    /** The meters of one method (or of one policy, without the method tag). */
    final class MethodMeters implements RetryListener {
        /** {@code retry.calls}, by {@code outcome.ordinal() * 2 + (retried ? 1 : 0)}. */
        private final LongAdder[] calls = new LongAdder[OUTCOMES.length * 2];
        private final LongAdder retries;
        private final Map<Class<?>, LongAdder> retriesByType;
        private final Tags tags;
        private final Timer delay;
        /** Attempts of every call but the first-try successes (which {@link #calls} counts, one attempt each). */
        private final LongAdder attemptsOfOthers = new LongAdder();
        private final TimeWindowMax maxAttempts;
        private final AtomicBoolean anyCall = new AtomicBoolean();

        MethodMeters(Tags tags) {
            this.tags = tags;
            for (RetryOutcome outcome : OUTCOMES) {
                for (boolean retried : new boolean[] { false, true }) {
                    calls[index(outcome, retried)] = counter("retry.calls",
                            tags.and("outcome", outcome.tag(), "retried", Boolean.toString(retried)),
                            "Finished calls of retried methods, by outcome");
                }
            }
            retries = errorTypeTag ? null : counter("retry.retries", tags, "Scheduled retries");
            retriesByType = errorTypeTag ? new ConcurrentHashMap<>() : null;
            delay = Timer.builder("retry.delay").tags(tags).description("Waits before retries, after jitter")
                    .register(registry);
            maxAttempts = new TimeWindowMax(registry.config().clock(), DistributionStatisticConfig.DEFAULT);
            List<Measurement> measurements = new ArrayList<>(3);
            measurements.add(new Measurement(this::count, Statistic.COUNT));
            measurements.add(new Measurement(this::totalAttempts, Statistic.TOTAL));
            measurements.add(new Measurement(this::max, Statistic.MAX));
            Meter.builder("retry.call.attempts", Meter.Type.DISTRIBUTION_SUMMARY, measurements).tags(tags)
                    .description("Attempts per finished call").register(registry);
        }

        private static int index(RetryOutcome outcome, boolean retried) {
            return outcome.ordinal() * 2 + (retried ? 1 : 0);
        }

        private double count() {
            double sum = 0;
            for (LongAdder counter : calls) {
                sum += counter.sum();
            }
            return sum;
        }

        private double totalAttempts() {
            return calls[index(RetryOutcome.SUCCESS, false)].sum() + attemptsOfOthers.sum();
        }

        private double max() {
            double max = maxAttempts.poll();
            return max == 0 && calls[index(RetryOutcome.SUCCESS, false)].sum() > 0 ? 1 : max;
        }

        @Override
        public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
            calls[outcome.ordinal() * 2 + (retried ? 1 : 0)].increment();
            if (retried || outcome != RetryOutcome.SUCCESS) {
                attemptsOfOthers.add(attempts);
                maxAttempts.record(attempts);
            }
        }

        @Override
        public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
            if (retries != null) {
                retries.increment();
            } else {
                retriesByType.computeIfAbsent(failure.getClass(),
                        type -> counter("retry.retries", tags.and("error.type",
                                type == FailedResult.class ? FailedResult.OTHER : type.getName()), "Scheduled retries"))
                        .increment();
            }
            delay.record(delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A method's meters and the {@code retry.budget.denied} counter of its budget. */
    static final class BudgetedMeters implements RetryListener {
        private final MethodMeters meters;
        private final LongAdder denied;

        BudgetedMeters(MethodMeters meters, LongAdder denied) {
            this.meters = meters;
            this.denied = denied;
        }

        @Override
        public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
            meters.callFinished(outcome, retried, attempts, failure);
        }

        @Override
        public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
            meters.retryScheduled(attempt, delayNanos, failure);
        }

        @Override
        public void budgetDenied(RetryBudget budget, int attempt, Throwable failure) {
            denied.increment();
        }
    }

    /** The meters of one circuit breaker. */
    final class BreakerMeters implements CircuitBreakerListener {
        private final LongAdder[] transitions = new LongAdder[CircuitBreakerState.values().length];
        private final LongAdder[] results = new LongAdder[AttemptResult.values().length];

        BreakerMeters(CircuitBreaker breaker) {
            String policy = RetryMetricsTags.policy(breaker.policy());
            for (CircuitBreakerState state : CircuitBreakerState.values()) {
                String tag = RetryMetricsTags.state(state);
                Gauge.builder("retry.circuitbreaker.state", breaker, b -> b.state() == state ? 1 : 0)
                        .tags("policy", policy, "state", tag)
                        .description("1 for the breaker's current state, 0 for the others").register(registry);
                transitions[state.ordinal()] = counter("retry.circuitbreaker.transitions",
                        Tags.of("policy", policy, "state", tag), "Transitions, by the state entered");
            }
            for (AttemptResult result : AttemptResult.values()) {
                results[result.ordinal()] = counter("retry.circuitbreaker.calls",
                        Tags.of("policy", policy, "result", result.name().toLowerCase(Locale.ROOT)),
                        "Attempts the breaker saw, by result");
            }
        }

        @Override
        public void attempt(AttemptResult result) {
            results[result.ordinal()].increment();
        }

        @Override
        public void stateChanged(CircuitBreakerState from, CircuitBreakerState to, boolean byOperator) {
            transitions[to.ordinal()].increment();
        }
    }
}
