package io.quarkiverse.retry.runtime.core.event;

import io.quarkiverse.retry.RetryOutcome;
import io.quarkiverse.retry.runtime.budget.RetryBudget;

/**
 * Forwards every event to several listeners, in order. A listener that {@link RetryListener#observesCalls() observes
 * calls} gets its own per-call state back; when several do, the composite keeps their states in one array per call.
 */
final class CompositeRetryListener implements RetryListener {

    private final RetryListener[] listeners;
    /** The indexes of the listeners that observe calls. */
    private final int[] observers;

    CompositeRetryListener(RetryListener[] listeners) {
        this.listeners = listeners;
        int count = 0;
        for (RetryListener listener : listeners) {
            if (listener.observesCalls()) {
                count++;
            }
        }
        this.observers = new int[count];
        for (int i = 0, o = 0; i < listeners.length; i++) {
            if (listeners[i].observesCalls()) {
                observers[o++] = i;
            }
        }
    }

    @Override
    public boolean observesCalls() {
        return observers.length > 0;
    }

    /** The state of listener {@code i} within the composite's state of a call. */
    private Object stateOf(Object call, int i) {
        if (call == null) {
            return null;
        }
        if (observers.length == 1) {
            return observers[0] == i ? call : null;
        }
        Object[] states = (Object[]) call;
        for (int o = 0; o < observers.length; o++) {
            if (observers[o] == i) {
                return states[o];
            }
        }
        return null;
    }

    @Override
    public Object callStarting() {
        if (observers.length == 0) {
            return null;
        }
        if (observers.length == 1) {
            return listeners[observers[0]].callStarting();
        }
        Object[] states = new Object[observers.length];
        for (int o = 0; o < observers.length; o++) {
            states[o] = listeners[observers[o]].callStarting();
        }
        return states;
    }

    @Override
    public Object attemptStarting(Object call, int attempt) {
        if (observers.length == 0) {
            return null;
        }
        if (observers.length == 1) {
            return listeners[observers[0]].attemptStarting(call, attempt);
        }
        Object[] scopes = new Object[observers.length];
        for (int o = 0; o < observers.length; o++) {
            scopes[o] = listeners[observers[o]].attemptStarting(((Object[]) call)[o], attempt);
        }
        return scopes;
    }

    @Override
    public void attemptEnded(Object call, Object scope) {
        if (observers.length == 1) {
            listeners[observers[0]].attemptEnded(call, scope);
        } else if (observers.length > 1) {
            for (int o = observers.length - 1; o >= 0; o--) { // the reverse order: scopes nest
                listeners[observers[o]].attemptEnded(((Object[]) call)[o], ((Object[]) scope)[o]);
            }
        }
    }

    @Override
    public void retryScheduled(int attempt, long delayNanos, Throwable failure) {
        retryScheduled(null, attempt, delayNanos, failure);
    }

    @Override
    public void retryScheduled(Object call, int attempt, long delayNanos, Throwable failure) {
        for (int i = 0; i < listeners.length; i++) {
            listeners[i].retryScheduled(stateOf(call, i), attempt, delayNanos, failure);
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
        callFinished(null, outcome, retried, attempts, failure);
    }

    @Override
    public void callFinished(Object call, RetryOutcome outcome, boolean retried, int attempts, Throwable failure) {
        for (int i = 0; i < listeners.length; i++) {
            listeners[i].callFinished(stateOf(call, i), outcome, retried, attempts, failure);
        }
    }
}
