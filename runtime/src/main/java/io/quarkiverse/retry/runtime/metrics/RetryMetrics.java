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

import io.micrometer.core.instrument.Counter;
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
 * Threading: the meters are thread-safe; the maps below are filled at startup, when listeners are created.
 */
public final class RetryMetrics implements RetryEvents {

    private static final RetryOutcome[] OUTCOMES = RetryOutcome.values();

    private final MeterRegistry registry;
    private final boolean methodTag;
    private final boolean errorTypeTag;
    private final Map<String, MethodMeters> methods = new HashMap<>();
    private final Map<RetryBudget, Counter> budgets = new IdentityHashMap<>();

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
        Counter denied = target.budget() == null ? null : budget(target.budget(), target.budgetName());
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
    private Counter budget(RetryBudget budget, String name) {
        Counter denied = budgets.get(budget);
        if (denied == null) {
            Tags tags = Tags.of("budget", name);
            Gauge.builder("retry.budget.available", budget, RetryBudget::available).tags(tags)
                    .description("Retries the budget allows now").register(registry);
            FunctionCounter.builder("retry.budget.deposits", budget, RetryBudget::deposits).tags(tags)
                    .description("First attempts that fed the budget").register(registry);
            denied = Counter.builder("retry.budget.denied").tags(tags).description("Retries the budget refused")
                    .register(registry);
            budgets.put(budget, denied);
        }
        return denied;
    }

    @Override
    public synchronized CircuitBreakerListener forCircuitBreaker(CircuitBreaker breaker) {
        return new BreakerMeters(breaker);
    }

    /** The meters of one method (or of one policy, without the method tag). */
    final class MethodMeters implements RetryListener {
        /** {@code retry.calls}, by {@code outcome.ordinal() * 2 + (retried ? 1 : 0)}. */
        private final Counter[] calls = new Counter[OUTCOMES.length * 2];
        private final Counter retries;
        private final Map<Class<?>, Counter> retriesByType;
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
                    calls[index(outcome, retried)] = Counter.builder("retry.calls")
                            .tags(tags.and("outcome", outcome.tag(), "retried", Boolean.toString(retried)))
                            .description("Finished calls of retried methods, by outcome").register(registry);
                }
            }
            retries = errorTypeTag ? null
                    : Counter.builder("retry.retries").tags(tags).description("Scheduled retries").register(registry);
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
            for (Counter counter : calls) {
                sum += counter.count();
            }
            return sum;
        }

        private double totalAttempts() {
            return calls[index(RetryOutcome.SUCCESS, false)].count() + attemptsOfOthers.sum();
        }

        private double max() {
            double max = maxAttempts.poll();
            return max == 0 && calls[index(RetryOutcome.SUCCESS, false)].count() > 0 ? 1 : max;
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
                retriesByType.computeIfAbsent(failure.getClass(), type -> Counter.builder("retry.retries")
                        .tags(tags.and("error.type", type.getName())).description("Scheduled retries")
                        .register(registry)).increment();
            }
            delay.record(delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A method's meters and the {@code retry.budget.denied} counter of its budget. */
    static final class BudgetedMeters implements RetryListener {
        private final MethodMeters meters;
        private final Counter denied;

        BudgetedMeters(MethodMeters meters, Counter denied) {
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
        private final Counter[] transitions = new Counter[CircuitBreakerState.values().length];
        private final Counter[] results = new Counter[AttemptResult.values().length];

        BreakerMeters(CircuitBreaker breaker) {
            String policy = RetryMetricsTags.policy(breaker.policy());
            for (CircuitBreakerState state : CircuitBreakerState.values()) {
                String tag = RetryMetricsTags.state(state);
                Gauge.builder("retry.circuitbreaker.state", breaker, b -> b.state() == state ? 1 : 0)
                        .tags("policy", policy, "state", tag)
                        .description("1 for the breaker's current state, 0 for the others").register(registry);
                transitions[state.ordinal()] = Counter.builder("retry.circuitbreaker.transitions")
                        .tags("policy", policy, "state", tag).description("Transitions, by the state entered")
                        .register(registry);
            }
            for (AttemptResult result : AttemptResult.values()) {
                results[result.ordinal()] = Counter.builder("retry.circuitbreaker.calls")
                        .tags("policy", policy, "result", result.name().toLowerCase(Locale.ROOT))
                        .description("Attempts the breaker saw, by result").register(registry);
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
