package io.quarkiverse.retry.runtime.devui;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Singleton;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.core.FailedResult;
import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkiverse.retry.runtime.core.event.RetryListener;
import io.quarkiverse.retry.runtime.core.event.RetryTarget;

/**
 * Live counters of every retried method for the Dev UI: calls by outcome, retries, the last failure. A consumer of
 * the engine's events registered in dev mode only (it is not even a bean elsewhere), so production pays nothing and
 * the counters work without Micrometer.
 */
@Singleton
public class RetryDevStats implements RetryEvents {

    private final Map<String, MethodStats> methods = new ConcurrentHashMap<>();

    @Override
    public RetryListener forMethod(RetryTarget target) {
        return methods.computeIfAbsent(target.method(), name -> new MethodStats());
    }

    /** The counters of {@code method} ({@code Class#method}), {@code null} if it has none. */
    public MethodStats of(String method) {
        return methods.get(method);
    }

    /** The counters of one method. */
    public static final class MethodStats implements RetryListener {
        private final Map<RetryOutcome, LongAdder> calls = new EnumMap<>(RetryOutcome.class);
        private final LongAdder retries = new LongAdder();
        private volatile String lastFailureType;
        private volatile long lastFailureAt;

        MethodStats() {
            for (RetryOutcome outcome : RetryOutcome.values()) {
                calls.put(outcome, new LongAdder());
            }
        }

        @Override
        public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
            calls.get(outcome).increment();
            if (failure != null) {
                failed(failure);
            }
        }

        @Override
        public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
            retries.increment();
            failed(failure);
        }

        private void failed(Throwable failure) {
            lastFailureType = FailedResult.errorType(failure);
            lastFailureAt = System.currentTimeMillis();
        }

        /** Calls by outcome tag ({@code success}, {@code exhausted}, ...), every outcome included. */
        public Map<String, Long> calls() {
            Map<String, Long> result = new LinkedHashMap<>();
            calls.forEach((outcome, count) -> result.put(outcome.tag(), count.sum()));
            return result;
        }

        public long retries() {
            return retries.sum();
        }

        public String lastFailureType() {
            return lastFailureType;
        }

        /** Epoch milliseconds, {@code 0} before the first failure. */
        public long lastFailureAt() {
            return lastFailureAt;
        }
    }
}
