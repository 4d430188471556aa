package io.quarkiverse.retry.runtime.health;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.quarkiverse.retry.CircuitBreakerState;
import io.quarkiverse.retry.runtime.RetryRegistry;
import io.quarkiverse.retry.runtime.breaker.CircuitBreaker;
import io.quarkiverse.retry.runtime.budget.RetryBudget;
import io.quarkiverse.retry.runtime.config.ResolvedPolicy;

/**
 * The {@code quarkus-retry} health check: the state of every circuit breaker and retry budget. UP unless a breaker
 * whose policy sets {@code circuit-breaker.fail-health=true} is open or forced open (half-open never fails it). In
 * the wellness group by default; the build adds the group's qualifier ({@code quarkus.retry.health.group}). Only
 * registered when the application has {@code quarkus-smallrye-health} and some policy has a breaker.
 */
@ApplicationScoped
public class RetryHealthCheck implements HealthCheck {

    public static final String NAME = "quarkus-retry";

    @Inject
    RetryRegistry registry;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        for (Map.Entry<String, ResolvedPolicy> entry : registry.resolvedPolicies().entrySet()) {
            CircuitBreaker breaker = entry.getValue().breaker();
            if (breaker == null) {
                continue;
            }
            String prefix = "circuit-breaker." + breaker.displayName() + ".";
            CircuitBreakerState state = breaker.state();
            response.withData(prefix + "state", state.name())
                    .withData(prefix + "failure-ratio", String.format("%.2f", breaker.windowFailureRatio()))
                    .withData(prefix + "times-opened", breaker.timesOpened())
                    .withData(prefix + "since", Instant.ofEpochMilli(breaker.stateSince()).toString());
            if (entry.getValue().failHealth()
                    && (state == CircuitBreakerState.OPEN || state == CircuitBreakerState.FORCED_OPEN)) {
                response.down();
            }
        }
        for (Map.Entry<String, RetryBudget> budget : registry.budgetsByName().entrySet()) {
            String prefix = "budget." + budget.getKey() + ".";
            response.withData(prefix + "available", budget.getValue().available())
                    .withData(prefix + "denied", budget.getValue().denied());
        }
        return response.build();
    }
}
