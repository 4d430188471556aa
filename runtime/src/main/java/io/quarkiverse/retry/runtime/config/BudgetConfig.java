package io.quarkiverse.retry.runtime.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigGroup;

/**
 * Retry budget: caps retries at a fraction of first attempts so that an outage cannot multiply the load on a
 * failing dependency. Under {@code quarkus.retry.budget.*} it configures the shared, system-wide budget that every
 * policy uses by default; under {@code quarkus.retry."name".budget.*} it lets a named policy opt out
 * ({@code enabled=false}) or use a budget of its own ({@code shared=false} plus its own parameters).
 */
@ConfigGroup
public interface BudgetConfig {

    /**
     * Whether retries of this policy spend from a retry budget. A denied retry is not attempted: the last failure
     * propagates at once. On by default.
     */
    @ConfigDocDefault("true")
    Optional<Boolean> enabled();

    /**
     * Named policies only: {@code true} to spend from the shared budget ({@code quarkus.retry.budget.*}),
     * {@code false} for a budget of the policy's own, configured by the keys below (unset ones fall back to the
     * shared budget's values).
     */
    @ConfigDocDefault("true")
    Optional<Boolean> shared();

    /**
     * Fraction of first attempts that may be retried, over the window: 0.2 allows one retry per five calls.
     */
    @ConfigDocDefault("0.2")
    Optional<Double> ratio();

    /**
     * Retries per second that are always allowed, whatever the traffic, so that low-traffic services can still
     * retry. Per application instance: a fleet of N instances may send N times this many retries.
     */
    @ConfigDocDefault("10")
    Optional<Double> minRetriesPerSecond();

    /**
     * How long first attempts and retries count. At least 1s.
     */
    @ConfigDocDefault("10s")
    Optional<Duration> window();

    /**
     * How much faster than the sustained rate ({@code ratio} × first attempts per second +
     * {@code min-retries-per-second}) retries may be spent within any one second. It caps the credit that a quiet
     * window banks, so that the first second of an outage cannot spend it all at once. The floor's reserve
     * ({@code min-retries-per-second} × {@code window}) can always be spent at once. At least 1.
     */
    @ConfigDocDefault("2.0")
    Optional<Double> burstFactor();
}
