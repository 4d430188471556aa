package io.quarkiverse.retry.runtime.config;

import java.time.Duration;
import java.util.List;

import io.quarkiverse.retry.runtime.core.HttpRules;
import io.quarkiverse.retry.runtime.core.JitterType;

/**
 * The built-in default of every key, applied when neither the policy nor the default policy sets it. The
 * {@code @ConfigDocDefault} of each key documents the same value (a test checks that they agree).
 */
public final class Defaults {

    public static final int MAX_ATTEMPTS = 3;
    public static final Duration BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_DELAY = Duration.ofSeconds(30);
    public static final double MULTIPLIER = 2.0;
    public static final JitterType JITTER = JitterType.PROPORTIONAL;
    public static final double JITTER_FACTOR = 0.1;
    public static final List<String> RETRY_ON = List.of(Exception.class.getName());
    public static final List<String> ABORT_ON = List.of();
    public static final List<String> RETRY_ON_STATUS = HttpRules.DEFAULT_RETRY_ON_STATUS;
    public static final List<String> ABORT_ON_STATUS = List.of();
    public static final boolean HONOR_RETRY_AFTER = true;
    public static final boolean RETRY_NON_IDEMPOTENT = false;

    public static final boolean BUDGET_ENABLED = true;
    public static final boolean BUDGET_SHARED = true;
    public static final double BUDGET_RATIO = 0.2;
    public static final double BUDGET_MIN_RETRIES_PER_SECOND = 10;
    public static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);
    public static final double BUDGET_BURST_FACTOR = 2.0;

    public static final boolean BREAKER_ENABLED = false;
    public static final int BREAKER_REQUEST_VOLUME_THRESHOLD = 100;
    public static final double BREAKER_FAILURE_RATIO = 0.5;
    public static final Duration BREAKER_DELAY = Duration.ofSeconds(5);
    public static final int BREAKER_SUCCESS_THRESHOLD = 1;
    public static final boolean BREAKER_FAIL_HEALTH = false;
    public static final boolean BREAKER_FAIL_ON_RESULT = true;

    private Defaults() {
    }
}
