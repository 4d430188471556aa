package io.quarkiverse.retry.deployment;

import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkus.builder.item.MultiBuildItem;
import io.quarkus.runtime.RuntimeValue;

/** A consumer of the retry events that an integration (metrics, tracing, Dev UI) records for the application. */
public final class RetryEventsBuildItem extends MultiBuildItem {

    private final RuntimeValue<RetryEvents> events;

    public RetryEventsBuildItem(RuntimeValue<RetryEvents> events) {
        this.events = events;
    }

    public RuntimeValue<RetryEvents> getEvents() {
        return events;
    }
}
