package io.quarkiverse.retry.runtime.devui;

import io.quarkiverse.retry.runtime.core.event.RetryEvents;
import io.quarkus.arc.runtime.BeanContainer;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Records the dev-mode consumer of the retry events that feeds the Dev UI's live counters. */
@Recorder
public class DevUiRecorder {

    public RuntimeValue<RetryEvents> devStats(BeanContainer container) {
        return new RuntimeValue<>(container.beanInstance(RetryDevStats.class));
    }
}
