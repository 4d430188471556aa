package io.quarkiverse.retry.runtime.devui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.CircuitBreakers;
import io.quarkiverse.retry.runtime.RetryMethodMetadata;
import io.quarkiverse.retry.runtime.RetryRegistry;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.config.EffectiveValue;
import io.quarkiverse.retry.runtime.config.ResolvedPolicy;
import io.quarkiverse.retry.runtime.metrics.RetryMetricsTags;
import io.quarkus.runtime.annotations.JsonRpcDescription;
import io.smallrye.mutiny.Multi;

/**
 * The Dev UI's JSON-RPC service (dev mode only): the retried methods with their effective policy and live counters,
 * the budgets and the breakers, and the operator actions on breakers. The read methods are described for Dev MCP.
 */
public class RetryJsonRpcService {

    private static final Duration LABEL_REFRESH = Duration.ofSeconds(1);

    @Inject
    RetryRegistry registry;

    @Inject
    CircuitBreakers breakers;

    /** An {@code Instance}: the counters exist in dev mode only. */
    @Inject
    Instance<RetryDevStats> stats;

    /** One retried method. */
    public record MethodInfo(String method, String shape, String policy, String httpMethod,
            Map<String, EffectiveValue> settings, Map<String, Long> calls, long retries, String lastFailureType,
            String lastFailureAt) {
    }

    /** One retry budget. */
    public record BudgetInfo(String name, long available, long denied, double ratio, double minRetriesPerSecond,
            double windowSeconds, double burstFactor) {
    }

    /** One circuit breaker. */
    public record BreakerInfo(String policy, String state, double failureRatio, int requestVolumeThreshold,
            double threshold, long timesOpened, String since, long delayMillis) {
    }

    /** The budgets and the breakers. */
    public record Guards(List<BudgetInfo> budgets, List<BreakerInfo> breakers) {
    }

    @JsonRpcDescription("Every @WithRetry method with its return shape, policy, the policy's effective values (each with"
            + " where it came from: the named policy, the default policy or the built-in default) and live counters:"
            + " calls by outcome, retries, the last failure type and time")
    public List<MethodInfo> getMethods() {
        Map<String, ResolvedPolicy> policies = registry.resolvedPolicies();
        List<MethodInfo> result = new ArrayList<>();
        for (RetryMethodMetadata method : registry.methods()) {
            ResolvedPolicy policy = policies.get(method.getPolicyName());
            RetryDevStats.MethodStats counters = stats.isResolvable() ? stats.get().of(method.getDisplayName()) : null;
            result.add(new MethodInfo(method.getDisplayName(), method.getShape().name(),
                    RetryMetricsTags.policy(method.getPolicyName()), method.getHttpMethod(),
                    policy == null ? Map.of() : policy.effective(),
                    counters == null ? Map.of() : counters.calls(), counters == null ? 0 : counters.retries(),
                    counters == null ? null : counters.lastFailureType(),
                    counters == null || counters.lastFailureAt() == 0 ? null
                            : Instant.ofEpochMilli(counters.lastFailureAt()).toString()));
        }
        return result;
    }

    @JsonRpcDescription("The retry budgets (retries allowed now, retries denied, settings) and the circuit breakers"
            + " (state, failed fraction of the current window, times opened, since when)")
    public Guards getGuards() {
        List<BudgetInfo> budgets = new ArrayList<>();
        registry.budgetsByName().forEach((name, budget) -> budgets.add(budget(name, budget)));
        List<BreakerInfo> result = new ArrayList<>();
        registry.breakers().forEach((name, breaker) -> result.add(breaker(breaker)));
        return new Guards(budgets, result);
    }

    @JsonRpcDescription("How many circuit breakers are open or forced open, as a label")
    public String getOpenLabel() {
        return openLabel(registry.breakers().values());
    }

    /**
     * The "N open" label of the Budgets &amp; breakers page, live: the current count at once, then every change
     * (checked each second, so an open shorter than that may not show; the page itself lists every breaker).
     */
    @JsonRpcDescription("How many circuit breakers are open or forced open, as a label, each time it changes")
    public Multi<String> streamOpenLabel() {
        return changes(this::getOpenLabel, LABEL_REFRESH);
    }

    static String openLabel(Collection<CircuitBreaker> breakers) {
        long open = breakers.stream()
                .filter(b -> b.state() == CircuitBreakerState.OPEN || b.state() == CircuitBreakerState.FORCED_OPEN)
                .count();
        return open + " open";
    }

    /** The value of {@code label} at once, then each time it differs from the last one sent, checked every {@code every}. */
    static Multi<String> changes(Supplier<String> label, Duration every) {
        return Multi.createFrom().ticks().every(every).onOverflow().drop().map(tick -> label.get()).skip()
                .repetitions();
    }

    public BreakerInfo forceOpen(@JsonRpcDescription("The policy name, empty for the default policy") String policy) {
        breakers.forceOpen(policy);
        return breaker(registry.breakers().get(policy));
    }

    public BreakerInfo forceClosed(@JsonRpcDescription("The policy name, empty for the default policy") String policy) {
        breakers.forceClosed(policy);
        return breaker(registry.breakers().get(policy));
    }

    public BreakerInfo reset(@JsonRpcDescription("The policy name, empty for the default policy") String policy) {
        breakers.reset(policy);
        return breaker(registry.breakers().get(policy));
    }

    private static BudgetInfo budget(String name, RetryBudget budget) {
        return new BudgetInfo(name, budget.available(), budget.denied(), budget.ratio(), budget.minRetriesPerSecond(),
                budget.windowSeconds(), budget.burstFactor());
    }

    private static BreakerInfo breaker(CircuitBreaker breaker) {
        return new BreakerInfo(breaker.policy(), breaker.state().name(), breaker.windowFailureRatio(),
                breaker.requestVolumeThreshold(), breaker.failureRatio(), breaker.timesOpened(),
                Instant.ofEpochMilli(breaker.stateSince()).toString(), breaker.delayNanos() / 1_000_000);
    }
}
