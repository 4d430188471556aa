package io.quarkiverse.retry.runtime.core.event;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.budget.RetryBudget;

/** Forwards every event to several listeners, in order. */
final class CompositeRetryListener implements RetryListener {

    private final RetryListener[] listeners;

    CompositeRetryListener(RetryListener[] listeners) {
        this.listeners = listeners;
    }

    @Override
    public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
        for (RetryListener listener : listeners) {
            listener.retryScheduled(attempt, delayNanos, failure);
        }
    }

    @Override
    public void budgetDenied(RetryBudget budget, int attempt, Throwable failure) {
        for (RetryListener listener : listeners) {
            listener.budgetDenied(budget, attempt, failure);
        }
    }

    @Override
    public void callFinished(RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
        for (RetryListener listener : listeners) {
            listener.callFinished(outcome, retried, attempts, failure);
        }
    }
}
